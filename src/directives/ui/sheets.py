"""Excel for the pages: workbooks to download (cached per data version, like the figures),
imports of filled workbooks (one transaction each, as the acting user read afresh), and
:func:`import_section`, the upload → check → save widget the secretaries' page and the
administrators' "Nhập từ Excel" page share. A file is read and checked before any write
transaction begins (:mod:`directives.importers.update_rows`, :mod:`directives.importers.task_rows`,
then the workbook services in a read transaction), so that saving it holds the database's write
lock only for the writes.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from directives.db import session_scope
from directives.importers.task_rows import read_tasks
from directives.importers.unit_rows import read_units
from directives.importers.update_rows import UpdateSheet, read_updates
from directives.importers.workbook import MAX_FILE_MB
from directives.models import User
from directives.queries import overview
from directives.queries.cache import cached
from directives.queries.sheets import task_rows, unit_names, update_rows
from directives.queries.state import Filters
from directives.reports import export, workbooks
from directives.reports.layout import collective_names
from directives.services import deployment, unit_import, workbook_tasks, workbook_updates
from directives.services.errors import PROBLEM_COLUMNS, Rejected, ServiceError
from directives.services.imports import ImportSummary
from directives.services.unit_import import UnitImportSummary, UnitPlan
from directives.services.workbook_task_plan import TaskPlan, plan_tasks
from directives.ui import data, uploads
from directives.ui.auth import database_problem
from directives.ui.markup import show_error
from directives.ui.session import current_user, t
from directives.ui.tables import MISSING

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kind = Literal["updates", "tasks", "units"]


def updates_workbook(filters: Filters) -> bytes:
    """The assignments ``filters`` select (as the Nhiệm vụ page lists them), each as saved now,
    in the status-update workbook: the page's Excel download, which imports back."""

    def compute(session: Session) -> bytes:
        ids = overview.assignments(session, filters)["assignment_id"].tolist()
        return workbooks.updates_template(update_rows(session, assignment_ids=ids))

    return cached(data.engine(), "updates_workbook", filters, compute)


def assignments_csv(filters: Filters, lang: str) -> bytes:
    """The assignments ``filters`` select, all of them, as ``directives export assignments
    --format csv`` writes them: the Nhiệm vụ page's CSV download (built here, not from the
    page's rows)."""

    def compute(session: Session) -> bytes:
        frame = export.export_frame(overview.assignments(session, filters), lang, filters.timezone)
        return export.as_bytes(frame, "csv")

    return cached(data.engine(), "assignments_csv", (filters, lang), compute)


def updates_template(unit_ids: tuple[int, ...]) -> bytes:
    """The status-update workbook pre-filled with the open assignments (not done, not
    cancelled) of ``unit_ids`` (every unit when empty)."""
    return cached(
        data.engine(),
        "updates_template",
        unit_ids,
        lambda session: workbooks.updates_template(
            update_rows(session, unit_ids=unit_ids, open_only=True)
        ),
    )


def tasks_workbook(conclusion_id: int | None = None, blank: bool = False) -> bytes:
    """The tasks workbook: a conclusion's tasks (every task when None), or a blank template;
    its unit list holds the units that exist today."""

    def compute(session: Session) -> bytes:
        rows = task_rows(session, conclusion_id=conclusion_id, task_ids=[] if blank else None)
        groups = collective_names(deployment.current(session=session).level)
        return workbooks.tasks_template(rows, unit_names(session, date.today()), groups)

    return cached(data.engine(), "tasks_workbook", (conclusion_id, blank, date.today()), compute)


@dataclass(frozen=True)
class ImportOutcome:
    """What :func:`import_file` found: a ``summary`` when the file is right, else the
    ``rejected`` file's problems (:func:`problems_frame` to show them) or an ``error`` message
    (not allowed, not logged in)."""

    summary: ImportSummary | UnitImportSummary | None = None
    rejected: Rejected | None = None
    error: str | None = None
    prepared: UpdateSheet | TaskPlan | UnitPlan | None = None
    """The file as read and checked, which saving it starts from."""


def problems_frame(rejected: Rejected) -> pd.DataFrame:
    """The problems of a refused file as a table (Tệp, Trang, Dòng, Cột, Trường, Lỗi)."""
    return pd.DataFrame(rejected.rows(), columns=list(PROBLEM_COLUMNS))


def import_file(
    kind: Kind,
    content: bytes,
    file_name: str,
    *,
    write: bool,
    prepared: UpdateSheet | TaskPlan | UnitPlan | None = None,
) -> ImportOutcome:
    """Check (``write=False``) or import an uploaded workbook as the logged-in user: read and
    checked outside any write transaction, then (``write``) saved in one short transaction,
    committed only when the whole file is right. ``prepared`` is what an earlier check of the
    same file found: saving starts from it (the write checks again what could have changed)."""
    me = current_user()
    if me is None:
        return ImportOutcome(error="Phiên đăng nhập đã hết, hãy đăng nhập lại.")
    gone = ImportOutcome(error="Tài khoản không còn tồn tại.")
    if kind == "units":
        return _import_units(me.id, content, file_name, write=write, prepared=prepared)
    try:
        # The file is read before any transaction, checked in a read transaction (which waits
        # for no writer), and only then written.
        updates: UpdateSheet | None = None
        plan: TaskPlan | None = None
        if write and isinstance(prepared, UpdateSheet) and kind == "updates":
            updates = prepared
        elif write and isinstance(prepared, TaskPlan) and kind == "tasks":
            plan = prepared
        else:
            updates = read_updates(content, file_name) if kind == "updates" else None
            tasks = read_tasks(content, file_name) if kind == "tasks" else None
            with session_scope(data.engine()) as session:
                actor = session.get(User, me.id)
                if actor is None:
                    return gone
                if updates is not None:
                    summary = workbook_updates.check_sheet(updates, session=session, actor=actor)
                else:
                    assert tasks is not None
                    plan = plan_tasks(tasks, session=session, actor=actor)
                    summary = plan.summary(written=False)
            if not write:
                return ImportOutcome(summary=summary, prepared=updates or plan)
        with session_scope(data.engine(), write=True) as session:
            actor = session.get(User, me.id)
            if actor is None:
                return gone
            if updates is not None:
                summary = workbook_updates.record_sheet(updates, session=session, actor=actor)
            else:
                assert plan is not None
                summary = workbook_tasks.write_tasks(plan, session=session, actor=actor)
            return ImportOutcome(summary=summary)
    except Rejected as rejected:
        return ImportOutcome(rejected=rejected)
    except ServiceError as error:
        return ImportOutcome(error=str(error))
    except OperationalError as error:  # another long write held the database past the timeout
        return ImportOutcome(error=database_problem(error))


def _import_units(
    user_id: int | None,
    content: bytes,
    file_name: str,
    *,
    write: bool,
    prepared: UpdateSheet | TaskPlan | UnitPlan | None,
) -> ImportOutcome:
    """:func:`import_file` for the units workbook (:mod:`directives.services.unit_import`)."""
    gone = ImportOutcome(error="Tài khoản không còn tồn tại.")
    try:
        plan = prepared if write and isinstance(prepared, UnitPlan) else None
        if plan is None:
            sheet = read_units(content, file_name)
            with session_scope(data.engine()) as session:
                actor = session.get(User, user_id)
                if actor is None:
                    return gone
                plan = unit_import.plan_units(sheet, session=session, actor=actor)
            if not write:
                return ImportOutcome(summary=plan.summary(written=False), prepared=plan)
        with session_scope(data.engine(), write=True) as session:
            actor = session.get(User, user_id)
            if actor is None:
                return gone
            return ImportOutcome(
                summary=unit_import.write_units(plan, session=session, actor=actor)
            )
    except Rejected as rejected:
        return ImportOutcome(rejected=rejected)
    except ServiceError as error:
        return ImportOutcome(error=str(error))
    except OperationalError as error:
        return ImportOutcome(error=database_problem(error))


def import_section(kind: Kind, key: str) -> None:
    """Upload a filled workbook, see what it would change (or every error, with nothing saved),
    then save it in one transaction. ``key`` names this section's widgets and session state;
    after a save the uploader starts empty and the summary is shown once."""
    done_key, round_key, checked_key = f"{key}.done", f"{key}.round", f"{key}.checked"
    saved = st.session_state.pop(done_key, None)
    if saved:
        st.success(t("import_saved").format(summary=saved), icon=":material/check:")
    upload_round = st.session_state.setdefault(round_key, 0)
    upload = uploads.upload(
        t("import_file"), types=["xlsx"], max_mb=MAX_FILE_MB, key=f"{key}.file.{upload_round}"
    )
    if upload is None:
        st.session_state.pop(checked_key, None)
        return
    content = upload.getvalue()
    # A file is checked once (the reruns a click causes reuse it); saving starts from that check.
    which = (upload.name, hashlib.sha256(content).hexdigest())
    checked = st.session_state.get(checked_key)
    if checked is not None and checked[0] == which:
        outcome = checked[1]
    else:
        outcome = import_file(kind, content, upload.name, write=False)
        st.session_state[checked_key] = (which, outcome)
    if outcome.summary is not None and outcome.summary.changes:
        st.info(str(outcome.summary), icon=":material/fact_check:")
        if st.button(t("import_save"), type="primary", icon=":material/save:", key=f"{key}.save"):
            st.session_state.pop(checked_key, None)
            outcome = import_file(kind, content, upload.name, write=True, prepared=outcome.prepared)
            if outcome.summary is not None:
                st.session_state[done_key] = str(outcome.summary)
                st.session_state[round_key] = upload_round + 1
                st.rerun()
    elif outcome.summary is not None:
        st.info(f"{outcome.summary} {t('import_nothing')}", icon=":material/info:")
    if outcome.rejected is not None:
        st.error(t("import_rejected").format(count=len(outcome.rejected.problems)))
        st.dataframe(
            problems_frame(outcome.rejected),
            hide_index=True,
            key=f"{key}.errors",
            placeholder=MISSING,
        )
    if outcome.error is not None:
        show_error(outcome.error)
