"""Units: the reference list shipped with the package, and their administration (administrators
only). Mergers are in :mod:`directives.services.mergers`; reading the units a text names is in
:mod:`directives.services.resolution`.
"""

import csv
import io
from datetime import date
from importlib import resources

from sqlmodel import Session, col, select

from directives.models import Bloc, Unit, UnitKind, User, max_length
from directives.services import audit, permissions
from directives.services.audit import snapshot
from directives.services.errors import InvalidInput, NotFound
from directives.services.meta import bump_data_version
from directives.text import clean, name_key, slugify


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("directives.data").joinpath(name).read_text(encoding="utf-8")
    return [
        {k: clean(v) or "" for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))
    ]


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def load_reference_units(*, session: Session) -> list[Unit]:
    """Add the Giao Thủy communes (2020 to 2025, with their mergers) and district organizations.

    Successor links point at the unit that took over; rows already present (by slug) are kept.
    """
    existing = {unit.slug: unit for unit in session.exec(select(Unit)).all()}
    communes = _rows("units.csv")
    organizations = _rows("organizations.csv")
    for row in communes:
        if row["slug"] not in existing:
            unit = Unit(
                slug=row["slug"],
                code=row["code"] or None,
                name=row["name"],
                kind=UnitKind(row["kind"]),
                valid_from=_day(row["valid_from"]),
                valid_to=_day(row["valid_to"]),
                note=row["source"] or None,
            )
            session.add(unit)
            existing[unit.slug] = unit
    for row in organizations:
        if row["slug"] not in existing:
            unit = Unit(
                slug=row["slug"],
                name=row["name"],
                short_name=row["short_name"] or None,
                kind=UnitKind.ORGANIZATION,
                bloc=Bloc(row["bloc"]),
                valid_to=_day(row["valid_to"]),
                note=row["note"] or None,
            )
            session.add(unit)
            existing[unit.slug] = unit
    session.flush()
    for row in communes:
        if row["successor"]:
            existing[row["slug"]].successor_id = existing[row["successor"]].id
    session.flush()
    return list(existing.values())


def unit_by_slug(slug: str, *, session: Session) -> Unit:
    unit = session.exec(select(Unit).where(Unit.slug == slug)).first()
    if unit is None:
        raise NotFound(f"Không có đơn vị mã '{slug}'.")
    return unit


# --- administration of units (administrators only) ---------------------------------------------

SLUG_LENGTH = max_length(Unit, "slug") or 80
CODE_LENGTH = max_length(Unit, "code") or 10
NAME_LENGTH = max_length(Unit, "name") or 200


def _short(field: str, name: str, value: str | None) -> str | None:
    """``value`` cleaned, or InvalidInput naming ``field`` if the column cannot hold it."""
    text = clean(value)
    limit = max_length(Unit, name)
    if text is not None and limit is not None and len(text) > limit:
        raise InvalidInput(field, f"tối đa {limit} ký tự.")
    return text


WHAT = "quản lý danh mục đơn vị"
"""What only administrators may do, as :func:`permissions.require_admin` says it."""


def get_unit(unit_id: int, *, session: Session, field: str = "đơn vị") -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"{field.capitalize()}: không có đơn vị số {unit_id}.")
    return unit


def _unique_slug(name: str, *, session: Session) -> str:
    base = slugify(name)[:SLUG_LENGTH].strip("-") or "don-vi"
    taken = set(session.exec(select(Unit.slug).where(col(Unit.slug).startswith(base[:60]))).all())
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug


def check_kind_bloc(kind: UnitKind | str, bloc: Bloc | str | None) -> tuple[UnitKind, Bloc | None]:
    try:
        unit_kind = UnitKind(kind)
    except ValueError as error:
        raise InvalidInput("loại đơn vị", f"'{kind}' không phải là loại đã biết.") from error
    try:
        unit_bloc = Bloc(bloc) if bloc else None
    except ValueError as error:
        raise InvalidInput("khối", f"'{bloc}' không phải là khối đã biết.") from error
    if unit_kind is UnitKind.ORGANIZATION and unit_bloc is None:
        raise InvalidInput("khối", "cơ quan, tổ chức phải thuộc một khối.")
    if unit_kind is UnitKind.DEPARTMENT and unit_bloc is None:
        unit_bloc = Bloc.GOVERNMENT  # a department is of the government unless said otherwise
    if unit_kind not in BLOC_KINDS and unit_bloc is not None:
        raise InvalidInput("khối", "chỉ cơ quan, tổ chức và sở, ban, ngành mới thuộc một khối.")
    return unit_kind, unit_bloc


BLOC_KINDS = (UnitKind.ORGANIZATION, UnitKind.DEPARTMENT)
"""Kinds that may belong to a bloc (organizations must)."""


def is_current(unit: Unit, today: date) -> bool:
    """Active and not ended before ``today``: the units whose names must differ."""
    return unit.is_active and (unit.valid_to is None or unit.valid_to >= today)


def same_name(
    name: str, *, session: Session, except_id: int | None = None, today: date | None = None
) -> Unit | None:
    """The current unit (see :func:`is_current`) other than ``except_id`` called ``name``
    (NFC, case, spaces and tone placement aside), or None."""
    day = today or date.today()
    wanted = name_key(name)
    rows = session.exec(
        select(col(Unit.id), col(Unit.name), col(Unit.valid_to)).where(col(Unit.is_active))
    ).all()  # plain columns: this runs for every unit a workbook adds
    for unit_id, unit_name, valid_to in rows:
        ended = valid_to is not None and valid_to < day
        if unit_id != except_id and not ended and name_key(unit_name) == wanted:
            return session.get(Unit, unit_id)
    return None


def duplicate_message(other: Unit) -> str:
    return (
        f"đã có đơn vị đang hoạt động tên “{other.name}” (mã {other.slug}); hai đơn vị đang "
        "hoạt động không được trùng tên."
    )


def check_unique_name(
    name: str, *, session: Session, except_id: int | None = None, today: date | None = None
) -> None:
    other = same_name(name, session=session, except_id=except_id, today=today)
    if other is not None:
        raise InvalidInput("tên đơn vị", duplicate_message(other))


def check_dates(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise InvalidInput("ngày hết hiệu lực", "không được trước ngày bắt đầu hiệu lực.")


def check_successor(unit: Unit, successor_id: int, *, session: Session) -> Unit:
    """The successor exists, is not the unit itself, and does not lead back to it."""
    if successor_id == unit.id:
        raise InvalidInput("đơn vị kế thừa", "không được là chính đơn vị này.")
    successor = get_unit(successor_id, session=session, field="đơn vị kế thừa")
    seen: set[int] = set()
    step: Unit | None = successor
    while step is not None and step.successor_id is not None and step.id not in seen:
        seen.add(step.id or 0)
        if step.successor_id == unit.id:
            raise InvalidInput(
                "đơn vị kế thừa", f"{successor.name} lại được {unit.name} kế thừa (vòng lặp)."
            )
        step = session.get(Unit, step.successor_id)
    return successor


def audit_unit(
    actor: User,
    unit: Unit,
    action: str,
    before: dict[str, object] | None,
    *,
    session: Session,
) -> None:
    audit.save(unit, session=session, actor=actor, action=action, before=before)
    bump_data_version(session=session, assignments=())  # units roll up: any day, no state


def create_unit(
    actor: User,
    name: str,
    kind: UnitKind | str,
    bloc: Bloc | str | None,
    code: str | None,
    valid_from: date | None,
    valid_to: date | None = None,
    short_name: str | None = None,
    note: str | None = None,
    *,
    session: Session,
) -> Unit:
    """Add a unit; its slug comes from the name (made unique with -2, -3, …)."""
    permissions.require_admin(actor, WHAT)
    title = clean(name)
    if not title:
        raise InvalidInput("tên đơn vị", "không được để trống.")
    if len(title) > NAME_LENGTH:
        raise InvalidInput("tên đơn vị", f"tối đa {NAME_LENGTH} ký tự.")
    if valid_to is None or valid_to >= date.today():  # an ended unit is history: names repeat
        check_unique_name(title, session=session)
    unit_kind, unit_bloc = check_kind_bloc(kind, bloc)
    unit_code = clean(code)
    if unit_code is not None and len(unit_code) > CODE_LENGTH:
        raise InvalidInput("mã đơn vị", f"tối đa {CODE_LENGTH} ký tự.")
    check_dates(valid_from, valid_to)
    short = _short("tên viết tắt", "short_name", short_name)
    unit_note = _short("ghi chú", "note", note)
    unit = Unit(
        slug=_unique_slug(title, session=session),
        code=unit_code,
        name=title,
        short_name=short,
        kind=unit_kind,
        bloc=unit_bloc,
        valid_from=valid_from,
        valid_to=valid_to,
        note=unit_note,
    )
    audit_unit(actor, unit, "unit.create", None, session=session)
    return unit


def rename_unit(
    actor: User,
    unit_id: int,
    name: str,
    short_name: str | None = None,
    *,
    session: Session,
) -> Unit:
    """A new name (and short name, if given). The slug stays: links and usernames keep working."""
    permissions.require_admin(actor, WHAT)
    unit = get_unit(unit_id, session=session)
    title = clean(name)
    if not title:
        raise InvalidInput("tên đơn vị", "không được để trống.")
    if len(title) > NAME_LENGTH:
        raise InvalidInput("tên đơn vị", f"tối đa {NAME_LENGTH} ký tự.")
    check_unique_name(title, session=session, except_id=unit.id)
    short = _short("tên viết tắt", "short_name", short_name)
    before = snapshot(unit)
    unit.name = title
    if short_name is not None:
        unit.short_name = short
    audit_unit(actor, unit, "unit.rename", before, session=session)
    return unit


def set_validity(
    actor: User,
    unit_id: int,
    valid_from: date | None,
    valid_to: date | None,
    successor_id: int | None,
    *,
    session: Session,
) -> Unit:
    """When the unit exists, and which unit takes over after it (only if it ends)."""
    permissions.require_admin(actor, WHAT)
    unit = get_unit(unit_id, session=session)
    check_dates(valid_from, valid_to)
    if successor_id is not None:
        if valid_to is None:
            raise InvalidInput("đơn vị kế thừa", "chỉ đặt khi đơn vị có ngày hết hiệu lực.")
        check_successor(unit, successor_id, session=session)
    before = snapshot(unit)
    unit.valid_from = valid_from
    unit.valid_to = valid_to
    unit.successor_id = successor_id
    audit_unit(actor, unit, "unit.set_validity", before, session=session)
    return unit


def deactivate_unit(actor: User, unit_id: int, *, session: Session) -> Unit:
    """The unit keeps its history but gets no new tasks."""
    permissions.require_admin(actor, WHAT)
    unit = get_unit(unit_id, session=session)
    before = snapshot(unit)
    unit.is_active = False
    audit_unit(actor, unit, "unit.deactivate", before, session=session)
    return unit


def reactivate_unit(actor: User, unit_id: int, *, session: Session) -> Unit:
    """Undo :func:`deactivate_unit`."""
    permissions.require_admin(actor, WHAT)
    unit = get_unit(unit_id, session=session)
    check_unique_name(unit.name, session=session, except_id=unit.id)
    before = snapshot(unit)
    unit.is_active = True
    audit_unit(actor, unit, "unit.reactivate", before, session=session)
    return unit


def edit_unit(
    actor: User,
    unit_id: int,
    *,
    name: str,
    short_name: str | None,
    kind: UnitKind | str,
    bloc: Bloc | str | None,
    code: str | None,
    valid_from: date | None,
    valid_to: date | None,
    note: str | None,
    session: Session,
) -> Unit:
    """Every field of a unit but its successor at once (a row of the units workbook), with the
    checks of :func:`create_unit`; one audit entry."""
    permissions.require_admin(actor, WHAT)
    unit = get_unit(unit_id, session=session)
    title = clean(name)
    if not title:
        raise InvalidInput("tên đơn vị", "không được để trống.")
    if len(title) > NAME_LENGTH:
        raise InvalidInput("tên đơn vị", f"tối đa {NAME_LENGTH} ký tự.")
    if valid_to is None or valid_to >= date.today():
        check_unique_name(title, session=session, except_id=unit.id)
    unit_kind, unit_bloc = check_kind_bloc(kind, bloc)
    unit_code = _short("mã đơn vị", "code", code)
    check_dates(valid_from, valid_to)
    short = _short("tên viết tắt", "short_name", short_name)
    unit_note = _short("ghi chú", "note", note)
    before = snapshot(unit)
    unit.name, unit.short_name, unit.kind, unit.bloc = title, short, unit_kind, unit_bloc
    unit.code, unit.valid_from, unit.valid_to, unit.note = (
        unit_code,
        valid_from,
        valid_to,
        unit_note,
    )
    if valid_to is None:
        unit.successor_id = None
    audit_unit(actor, unit, "unit.update", before, session=session)
    return unit
