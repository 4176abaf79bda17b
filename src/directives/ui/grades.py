"""The widgets of "Đánh giá, xếp loại": the period chooser, the table, the rule, the rule editor
and a unit's own grade on the unit pages."""

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from directives import formatting
from directives.config import get_settings
from directives.grading import formula, rule_in_words
from directives.models import Role, row_values
from directives.periods import Period, PeriodKind, period_containing
from directives.queries.grades import Grades, grading_period
from directives.reports.grades import grade_label, grades_workbook, labelled
from directives.reports.word.grades import build_grades_report
from directives.services.grading_rules import RuleValues, save_version
from directives.ui import actions, data, style
from directives.ui.markup import plain
from directives.ui.session import current_user, lang, t
from directives.ui.tables import MISSING

KINDS = {PeriodKind.YEAR: "grades_year_kind", PeriodKind.HALF: "grades_half"}
KINDS[PeriodKind.QUARTER] = "grades_quarter"
KIND_KEY = "grades.kind"
YEAR_KEY = "grades.year"
WHICH_KEY = "grades.which"
UNITS_NOW_KEY = "grades.units_now"
CONFIRMED_KEY = "grades.confirmed"


def choose_period() -> tuple[Period, date | None, bool]:
    """The period (kind, year, which), the units-as-of switch and the confirmed switch."""
    today = data.default_day()
    kind_col, year_col, which_col = st.columns([2, 1, 2])
    kind = kind_col.selectbox(
        t("grades_kind"), list(KINDS), key=KIND_KEY, format_func=lambda k: t(KINDS[k])
    )
    year = int(
        year_col.number_input(t("grades_year"), 2000, 2100, value=today.year, step=1, key=YEAR_KEY)
    )
    which = 1
    if kind is PeriodKind.QUARTER:
        which = which_col.selectbox(
            t("grades_which"),
            [1, 2, 3, 4],
            index=(today.month - 1) // 3,
            key=WHICH_KEY,
            format_func=lambda q: f"{t('grades_quarter')} {('I', 'II', 'III', 'IV')[q - 1]}",
        )
    elif kind is PeriodKind.HALF:
        which = which_col.selectbox(
            t("grades_which"),
            [1, 2],
            index=0 if today.month <= 6 else 1,
            key=WHICH_KEY,
            format_func=lambda h: t("grades_first_half" if h == 1 else "grades_second_half"),
        )
    left, right = st.columns(2)
    units_now = left.toggle(t("units_now"), key=UNITS_NOW_KEY, help=t("units_now_help"))
    confirmed = right.toggle(
        t("grades_confirmed"),
        value=data.review_settings().confirmed_rates,  # the deployment's basis, unless switched
        key=CONFIRMED_KEY,
        help=t("grades_confirmed_help"),
    )
    return grading_period(kind, year, which), (date.today() if units_now else None), confirmed


def caption(grades: Grades) -> str:
    period = grades.period
    return t("grades_caption").format(
        period=period.label(lang()),
        start=formatting.day(period.start),
        end=formatting.day(period.end),
        valid=formatting.day(grades.rule.valid_from),
    )


def class_cards(grades: Grades) -> None:
    counts = grades.table["grade"].value_counts()
    # a grid of two per row on a phone, as the overview's cards (ui.style), not four full rows
    columns = st.container(key=style.KPI_CARDS).columns(4)
    for column, code in zip(columns, ("excellent", "good", "done", "not_done"), strict=True):
        column.metric(grade_label(code, lang()), formatting.number(int(counts.get(code, 0))))


def grades_table(grades: Grades) -> pd.DataFrame:
    """Every unit's row, scores written as the reader's language writes them ("82,5" in
    Vietnamese: Streamlit's number formats put a decimal point whatever the language); the
    rank stays a number, so sorting by it orders the table. The numbers are returned."""
    lg = lang()
    shown = labelled(grades, lg)
    written = shown.copy()
    score, base = t("grade_score"), t("grade_base")
    for heading, decimals in ((score, 1), (base, 2)):
        written[heading] = shown[heading].map(
            lambda value, d=decimals: (
                formatting.number(value, d, lang=lg) if pd.notna(value) else None
            )
        )
    right = st.column_config.TextColumn(alignment="right")
    st.dataframe(
        written,
        hide_index=True,
        column_config={
            score: right,
            base: right,
            t("grade_rank"): st.column_config.NumberColumn(format="%d"),
        },
        placeholder=MISSING,
    )
    return shown


def downloads(grades: Grades) -> None:
    name = f"xep-loai-{grades.period.label('vi')}".replace(" ", "-").replace("/", "-").lower()
    left, right = st.columns(2)
    left.download_button(
        t("grades_excel"),
        grades_workbook(grades, lang()),
        file_name=f"{name}.xlsx",
        icon=":material/table_view:",
        key="grades_xlsx",
    )
    right.download_button(
        t("grades_word"),
        build_grades_report(grades, data.deployment(), date.today()),
        file_name=f"{name}.docx",
        icon=":material/description:",
        key="grades_docx",
    )


def rule_box(grades: Grades) -> None:
    with st.expander(t("grades_rule"), expanded=True, icon=":material/rule:"):
        st.markdown(f"**{plain(formula(lang()))}**")
        for line in rule_in_words(grades.rule, lang()):
            st.markdown(f"- {plain(line)}")
        st.caption(t("grade_confirmed_basis" if grades.confirmed else "grade_reported_basis"))


def rule_editor(current: Grades) -> None:
    """Administrators: a new version of the rule from a day; the list of versions."""
    me = current_user()
    if me is None or me.role != Role.ADMIN:
        return
    from directives.services.grading_rules import default_valid_from

    with st.expander(t("grades_edit"), icon=":material/edit:"):
        st.caption(t("grades_edit_help"))
        base = RuleValues.of(current.rule)
        with st.form("grading_rule"):
            valid_from = st.date_input(
                t("grades_valid_from"),
                value=default_valid_from(date.today()),
                format="DD/MM/YYYY",
                key="grades.valid_from",
            )
            values: dict[str, float] = {}
            columns = st.columns(3)
            for position, name in enumerate(RuleValues.__dataclass_fields__):
                value = getattr(base, name)
                column = columns[position % 3]
                if name == "early_days":
                    values[name] = column.number_input(
                        t(f"grades_field_{name}"), value=int(value), step=1
                    )
                else:
                    values[name] = column.number_input(
                        t(f"grades_field_{name}"), value=float(value), step=0.1, format="%.1f"
                    )
            note = st.text_input(t("grades_note"), max_chars=500)
            submitted = st.form_submit_button(t("grades_save"), type="primary")
        if submitted:
            chosen = RuleValues(**{**values, "early_days": int(values["early_days"])})  # type: ignore[arg-type]
            saved, error = actions.run(
                lambda session, actor: (
                    save_version(
                        session=session,
                        actor=actor,
                        values=chosen,
                        valid_from=valid_from if isinstance(valid_from, date) else None,
                        note=note or None,
                    ).valid_from
                )
            )
            if error:
                st.error(plain(error))
            elif saved is not None:
                st.success(t("grades_saved").format(day=formatting.day(saved)))
        st.subheader(t("grades_versions"))
        versions = pd.DataFrame(rule_versions())
        if not versions.empty:
            shown = pd.DataFrame(
                {
                    t("grades_valid_from"): versions["valid_from"].map(formatting.day),
                    t("grades_field_lead_weight"): versions["lead_weight"],
                    t("grades_field_support_weight"): versions["support_weight"],
                    t("grades_field_excellent_from"): versions["excellent_from"],
                    t("grades_created_at"): versions["created_at"].map(formatting.moment),
                    t("grades_note"): versions["note"].fillna(""),
                }
            )
            st.dataframe(shown, hide_index=True, placeholder=MISSING)


def unit_grade(
    unit_id: int, on: date, units_as_of: date | None = None, heading: bool = True
) -> None:
    """A unit's own grade for the quarter containing ``on`` (the unit pages)."""
    period = period_containing(PeriodKind.QUARTER, on)
    result = graded(period, units_as_of, data.review_settings().confirmed_rates)
    if heading:
        st.subheader(t("grades_unit_section"))
    rows = result.table[result.table["unit_id"] == unit_id]
    label = period.label(lang())
    if rows.empty or pd.isna(rows.iloc[0]["score"]):
        st.caption(t("grades_unit_none").format(period=label))
        return
    row = rows.iloc[0]
    st.markdown(
        t("grades_unit_line").format(
            period=label,
            score=formatting.number(float(row["score"]), 1, lang()),
            grade=grade_label(row["grade"], lang()),
            counted=int(row["counted"]),
            lead=f"{row['lead_on_time']}/{row['lead_late']}/{row['lead_overdue']}",
            support=f"{row['support_on_time']}/{row['support_late']}/{row['support_overdue']}",
            early=int(row["early"]),
            returned=int(row["returned"]),
            unanswered=int(row["unanswered"]),
        )
    )
    st.caption(formula(lang()))


def graded(period: Period, units_as_of: date | None, confirmed: bool) -> Grades:
    """Every unit's score and class for a graded period (``queries.grades``)."""
    from directives.queries.grades import grades as grade_units

    timezone = get_settings().timezone
    return data.figures(
        "grades",
        (period, units_as_of, confirmed),
        lambda s: grade_units(
            s, period, timezone=timezone, units_as_of=units_as_of, confirmed=confirmed
        ),
    )


def rule_versions() -> list[dict[str, Any]]:
    from directives.queries.grades import rule_versions as versions

    return data.figures("rule_versions", None, lambda s: [row_values(rule) for rule in versions(s)])
