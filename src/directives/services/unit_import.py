"""The units workbook saved: every row creates or corrects one unit, and a row with "Hiệu lực
đến" and a successor merges the unit into it from the next day (through
:func:`directives.services.mergers.merge_unit`, so open work moves). All or nothing;
importing the same file twice changes nothing the second time.

::

    sheet = read_units(data, file_name)                       # no database
    with session_scope(engine) as session:                    # reads only
        plan = plan_units(sheet, session=session, actor=actor)
    with session_scope(engine, write=True) as session:        # a short write
        summary = write_units(plan, session=session, actor=actor)

A row names an existing unit by its GSO code, else by its exact name (case, spaces and tone
placement aside); otherwise it is a new unit. Two current units may not end up with one name.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO

from sqlmodel import Session, select

from directives.importers.unit_rows import UnitRow, UnitSheet, read_units
from directives.importers.workbook import problem_at, rejected
from directives.models import Unit, User
from directives.reports.layout import UNITS
from directives.services import mergers, permissions, units
from directives.services.errors import InvalidInput, Problem, ServiceError
from directives.services.meta import data_version
from directives.text import name_key

_COLUMNS = {
    "tên đơn vị": "name",
    "tên viết tắt": "short_name",
    "loại đơn vị": "kind",
    "khối": "bloc",
    "mã đơn vị": "code",
    "ngày hết hiệu lực": "valid_to",
    "đơn vị kế thừa": "successor",
    "ngày sáp nhập": "valid_to",
    "ghi chú": "note",
}
"""Which column a service's refusal (by its field) belongs to."""

WHAT = "nhập danh mục đơn vị từ Excel"


def code_key(code: str | None) -> str | None:
    """GSO codes compared without leading zeros (Excel drops them from numbers)."""
    return (code.lstrip("0") or "0") if code else None


@dataclass(frozen=True)
class Step:
    """What one row does: ``unit_id`` None creates; ``changes`` says whether the saved unit
    differs; ``merge`` whether it is merged (into the row's successor, the day after valid_to)."""

    row: UnitRow
    unit_id: int | None
    changes: bool
    merge: bool


@dataclass(frozen=True)
class UnitImportSummary:
    file: str
    rows: int
    created: int
    updated: int
    merged: int
    unchanged: int
    written: bool

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.merged

    def __str__(self) -> str:
        verb = "đã lưu" if self.written else "kiểm tra xong, chưa lưu"
        return (
            f"{self.file}: {self.rows} dòng ({verb}): {self.created} đơn vị mới, "
            f"{self.updated} sửa, {self.merged} sáp nhập, {self.unchanged} không đổi."
        )


@dataclass(frozen=True)
class UnitPlan:
    sheet: UnitSheet
    steps: tuple[Step, ...]
    version: int

    def summary(self, written: bool) -> UnitImportSummary:
        created = sum(1 for s in self.steps if s.unit_id is None)
        updated = sum(1 for s in self.steps if s.unit_id is not None and s.changes)
        merged = sum(1 for s in self.steps if s.merge)
        unchanged = sum(
            1 for s in self.steps if s.unit_id is not None and not (s.changes or s.merge)
        )
        return UnitImportSummary(
            self.sheet.file, self.sheet.count, created, updated, merged, unchanged, written
        )


KEPT_WHEN_BLANK = ("short_name", "code", "valid_from", "note")
"""Columns whose blank cell keeps what is saved (a catalog's row has no short name, no note)."""


def fields(row: UnitRow, unit: Unit | None) -> dict[str, object]:
    """What the unit becomes (its successor aside): the row, with the saved value where a
    :data:`KEPT_WHEN_BLANK` cell is blank, the saved bloc where the bloc is blank and the kind
    unchanged, and the saved spelling where the name differs only in tone placement."""
    wanted: dict[str, object] = {
        "name": row.name,
        "short_name": row.short_name,
        "kind": row.kind,
        "bloc": row.bloc,
        "code": row.code,
        "valid_from": row.valid_from,
        "note": row.note,
    }
    if unit is None:
        return wanted
    for name in KEPT_WHEN_BLANK:
        if wanted[name] is None:
            wanted[name] = getattr(unit, name)
    if row.bloc is None and row.kind == unit.kind:
        wanted["bloc"] = unit.bloc
    if name_key(row.name) == name_key(unit.name):
        wanted["name"] = unit.name
    if code_key(row.code) == code_key(unit.code):
        wanted["code"] = unit.code
    return wanted


def _differs(unit: Unit, row: UnitRow, merge: bool) -> bool:
    if any(getattr(unit, k) != v for k, v in fields(row, unit).items()):
        return True
    if merge:
        return False  # the merger sets the end and the successor
    return unit.valid_to != row.valid_to


def plan_units(
    sheet: UnitSheet, *, session: Session, actor: User, today: date | None = None
) -> UnitPlan:
    """Check every row against the saved units; raises
    :class:`~directives.services.errors.Rejected` with every problem (the cells' own included)."""
    permissions.require_admin(actor, WHAT)
    day = today or date.today()
    problems = list(sheet.problems)
    saved = list(session.exec(select(Unit)).all())
    by_code: dict[str, list[Unit]] = {}
    by_name: dict[str, list[Unit]] = {}
    for each in saved:
        if each.code:
            by_code.setdefault(code_key(each.code) or "", []).append(each)
        by_name.setdefault(name_key(each.name), []).append(each)

    taken: dict[int, int] = {}  # unit id -> the row that names it

    def pick(found: list[Unit], row: UnitRow | None = None, by_code: bool = False) -> Unit | None:
        """Of the units ``found``, the one ``row`` most likely means: only current ones for a
        current row (an ended namesake is history); first the one of its name (when matched by
        code), then the one ending the same day, then a current one."""
        alive = row is not None and (row.valid_to is None or row.valid_to >= day)
        chosen = [u for u in found if (units.is_current(u, day) or not alive) and u.id not in taken]
        chosen.sort(
            key=lambda u: (
                by_code and row is not None and name_key(u.name) != name_key(row.name),
                row is not None and u.valid_to != row.valid_to,
                not units.is_current(u, day),
            )
        )
        return chosen[0] if chosen else None

    def at(row: UnitRow, column: str, message: str) -> None:
        problems.append(problem_at(UNITS, sheet.file, row.row, column, message))

    matched: list[tuple[UnitRow, Unit | None]] = []
    for row in sheet.rows:
        # A current row (no end) is a current unit: an ended one with the same code or name is
        # history (codes are reused after mergers), not to be revived.
        found = pick(by_code.get(code_key(row.code) or "", []), row, True) if row.code else None
        if found is None:
            found = pick(by_name.get(name_key(row.name), []), row)
        if found is not None and found.id is not None:
            taken[found.id] = row.row
        try:
            units.check_kind_bloc(row.kind, row.bloc)
        except InvalidInput as error:
            at(row, _COLUMNS.get(error.field, "kind"), error.message)
            continue
        matched.append((row, found))

    # The names once the file is saved: the file's rows, and the saved units it does not touch.
    final: dict[str, tuple[str, int | None]] = {}  # name key -> (name, row number or None)
    for each in saved:
        if each.id not in taken and units.is_current(each, day):
            final[name_key(each.name)] = (each.name, None)
    rows_by_name = {name_key(r.name): r for r, _ in matched}
    steps: list[Step] = []
    for row, unit in matched:
        current = row.valid_to is None or row.valid_to >= day
        other = final.get(name_key(row.name))
        if current and other is not None and other[1] is None:
            at(row, "name", units.duplicate_message(_named(saved, other[0])))
            continue
        merge = False
        if row.successor:
            successor_row = rows_by_name.get(name_key(row.successor))
            namesakes = by_name.get(name_key(row.successor), [])
            successor = min(namesakes, key=lambda u: not units.is_current(u, day), default=None)
            if successor_row is None and successor is None:
                at(row, "successor", f"không có đơn vị “{row.successor}” (trong tệp hay đã lưu).")
                continue
            assert row.valid_to is not None
            merge = unit is None or not (
                unit.valid_to == row.valid_to
                and successor is not None
                and unit.successor_id == successor.id
            )
        changes = unit is None or _differs(unit, row, merge)
        steps.append(Step(row, unit.id if unit else None, changes, merge))
    if problems:
        raise rejected(sorted(problems, key=lambda p: (p.row or 0, p.column or "")), sheet.file)
    return UnitPlan(sheet, tuple(steps), data_version(session=session))


def _named(saved: list[Unit], name: str) -> Unit:
    return next(u for u in saved if u.name == name)


def write_units(plan: UnitPlan, *, session: Session, actor: User) -> UnitImportSummary:
    """Carry out ``plan`` in the caller's transaction: creations and corrections first, then the
    mergers (their successors may be new). Raises :class:`Rejected` (nothing is kept once the
    caller rolls back) if a row is refused."""
    permissions.require_admin(actor, WHAT)
    if data_version(session=session) != plan.version:  # something changed: check again
        plan = plan_units(plan.sheet, session=session, actor=actor)
    problems: list[Problem] = []
    done: dict[str, Unit] = {}

    def refuse(row: UnitRow, error: ServiceError) -> None:
        field = getattr(error, "field", None)
        message = getattr(error, "message", str(error))
        problems.append(
            problem_at(UNITS, plan.sheet.file, row.row, _COLUMNS.get(field or "", "name"), message)
        )

    unit: Unit | None
    for step in plan.steps:
        row = step.row
        ends = row.valid_to if step.unit_id is None or not step.merge else None
        try:
            if step.unit_id is None:
                unit = units.create_unit(
                    actor,
                    row.name,
                    row.kind,
                    row.bloc,
                    row.code,
                    row.valid_from,
                    ends,
                    short_name=row.short_name,
                    note=row.note,
                    session=session,
                )
                session.flush()
            else:
                unit = units.get_unit(step.unit_id, session=session)
                if step.changes:
                    wanted = fields(row, unit)
                    units.edit_unit(
                        actor,
                        step.unit_id,
                        name=str(wanted["name"]),
                        short_name=_text(wanted["short_name"]),
                        kind=row.kind,
                        bloc=_text(wanted["bloc"]),
                        code=_text(wanted["code"]),
                        valid_from=_day(wanted["valid_from"]),
                        valid_to=ends if not step.merge else unit.valid_to,
                        note=_text(wanted["note"]),
                        session=session,
                    )
        except ServiceError as error:
            refuse(row, error)
            continue
        done[name_key(row.name)] = unit
    if not problems:
        for step in plan.steps:
            if not step.merge:
                continue
            row = step.row
            assert row.successor and row.valid_to
            merged = done[name_key(row.name)]
            successor = done.get(name_key(row.successor)) or units.same_name(
                row.successor, session=session, today=row.valid_to + timedelta(days=1)
            )
            try:
                if successor is None or successor.id is None or merged.id is None:
                    raise InvalidInput("đơn vị kế thừa", f"không có đơn vị “{row.successor}”.")
                mergers.merge_unit(
                    actor,
                    merged.id,
                    successor.id,
                    row.valid_to + timedelta(days=1),
                    session=session,
                )
            except ServiceError as error:
                refuse(row, error)
    if problems:
        raise rejected(problems, plan.sheet.file)
    return plan.summary(written=True)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None


def import_units(
    data: bytes | IO[bytes], file_name: str, *, session: Session, actor: User, check: bool = False
) -> UnitImportSummary:
    """Read, check and (unless ``check``) save a units workbook in the caller's transaction."""
    plan = plan_units(read_units(data, file_name), session=session, actor=actor)
    if check:
        return plan.summary(written=False)
    return write_units(plan, session=session, actor=actor)


def saved_rows(*, session: Session) -> list[dict[str, object]]:
    """Every unit as a row of the units workbook (an export that imports back unchanged)."""
    found = list(session.exec(select(Unit)).all())
    names = {u.id: u.name for u in found}
    return [
        {
            "name": u.name,
            "short_name": u.short_name,
            "kind": str(u.kind),
            "bloc": str(u.bloc) if u.bloc else None,
            "code": u.code,
            "valid_from": u.valid_from,
            "valid_to": u.valid_to,
            "successor": names.get(u.successor_id) if u.successor_id else None,
            "note": u.note,
        }
        for u in sorted(found, key=lambda u: (str(u.kind), u.id or 0))
    ]
