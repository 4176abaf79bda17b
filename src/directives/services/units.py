"""Units: the reference list shipped with the package, and collectives that expand to members."""

import csv
import io
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from importlib import resources

from sqlmodel import Session, col, select

from directives.models import (
    Assignment,
    AssignmentRole,
    Bloc,
    Status,
    Unit,
    UnitKind,
    User,
)
from directives.services import audit, permissions
from directives.services.audit import snapshot
from directives.services.errors import InvalidInput, NotFound
from directives.services.meta import bump_data_version
from directives.text import clean, fold, slugify


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


COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.TOWN)

COLLECTIVES: dict[str, str] = {
    "cac xa, thi tran": "communes",
    "ubnd cac xa, thi tran": "communes",
    "dang uy cac xa, thi tran": "communes",
    "mttq va cac doan the": "front",
    "mat tran to quoc va cac doan the": "front",
    "cac doan the chinh tri - xa hoi": "front",
    "cac phong, ban, nganh": "government",
    "cac co quan chuyen mon thuoc ubnd huyen": "government",
    "luc luong vu trang": "armed",
}
"""How notices name groups of units (folded: no accents, lowercase) → which group."""


def expand_collective(name: str, on: date, *, session: Session) -> list[Unit]:
    """The units a collective such as "các xã, thị trấn" means on the day ``on``."""
    group = COLLECTIVES.get(fold(name).strip().rstrip("."))
    if group is None:
        raise InvalidInput("đơn vị", f"'{name}' không phải là tên nhóm đơn vị đã biết.")
    units = session.exec(select(Unit).order_by(col(Unit.id))).all()
    if group == "communes":
        members = [u for u in units if u.kind in COMMUNE_KINDS]
    else:  # a bloc; "các phòng, ban, ngành" means the offices, not the committee itself
        members = [u for u in units if u.bloc == Bloc(group).value and u.slug != "ubnd-huyen"]
    return [u for u in members if u.valid_on(on)]


# --- administration of units (administrators only) ---------------------------------------------

SLUG_LENGTH = 80
CODE_LENGTH = 10


def _require_admin(actor: User) -> None:
    permissions.require_admin(actor, "quản lý danh mục đơn vị")


def _unit(unit_id: int, *, session: Session, field: str = "đơn vị") -> Unit:
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


def _check_kind_bloc(kind: UnitKind | str, bloc: Bloc | str | None) -> tuple[UnitKind, Bloc | None]:
    try:
        unit_kind = UnitKind(kind)
    except ValueError as error:
        raise InvalidInput("loại đơn vị", f"'{kind}' không phải là loại đã biết.") from error
    try:
        unit_bloc = Bloc(bloc) if bloc else None
    except ValueError as error:
        raise InvalidInput("khối", f"'{bloc}' không phải là khối đã biết.") from error
    if unit_kind is UnitKind.ORGANIZATION and unit_bloc is None:
        raise InvalidInput("khối", "cơ quan, tổ chức cấp huyện phải thuộc một khối.")
    if unit_kind is not UnitKind.ORGANIZATION and unit_bloc is not None:
        raise InvalidInput("khối", "chỉ cơ quan, tổ chức cấp huyện mới thuộc một khối.")
    return unit_kind, unit_bloc


def _check_dates(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise InvalidInput("ngày hết hiệu lực", "không được trước ngày bắt đầu hiệu lực.")


def _check_successor(unit: Unit, successor_id: int, *, session: Session) -> Unit:
    """The successor exists, is not the unit itself, and does not lead back to it."""
    if successor_id == unit.id:
        raise InvalidInput("đơn vị kế thừa", "không được là chính đơn vị này.")
    successor = _unit(successor_id, session=session, field="đơn vị kế thừa")
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


def _audit_unit(
    actor: User,
    unit: Unit,
    action: str,
    before: dict[str, object] | None,
    *,
    session: Session,
) -> None:
    audit.save(unit, session=session, actor=actor, action=action, before=before)
    bump_data_version(session=session)


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
    _require_admin(actor)
    title = clean(name)
    if not title:
        raise InvalidInput("tên đơn vị", "không được để trống.")
    if len(title) > 200:
        raise InvalidInput("tên đơn vị", "tối đa 200 ký tự.")
    unit_kind, unit_bloc = _check_kind_bloc(kind, bloc)
    unit_code = clean(code)
    if unit_code is not None and len(unit_code) > CODE_LENGTH:
        raise InvalidInput("mã đơn vị", f"tối đa {CODE_LENGTH} ký tự.")
    _check_dates(valid_from, valid_to)
    unit = Unit(
        slug=_unique_slug(title, session=session),
        code=unit_code,
        name=title,
        short_name=clean(short_name),
        kind=unit_kind,
        bloc=unit_bloc,
        valid_from=valid_from,
        valid_to=valid_to,
        note=clean(note),
    )
    _audit_unit(actor, unit, "unit.create", None, session=session)
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
    _require_admin(actor)
    unit = _unit(unit_id, session=session)
    title = clean(name)
    if not title:
        raise InvalidInput("tên đơn vị", "không được để trống.")
    if len(title) > 200:
        raise InvalidInput("tên đơn vị", "tối đa 200 ký tự.")
    before = snapshot(unit)
    unit.name = title
    if short_name is not None:
        unit.short_name = clean(short_name)
    _audit_unit(actor, unit, "unit.rename", before, session=session)
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
    _require_admin(actor)
    unit = _unit(unit_id, session=session)
    _check_dates(valid_from, valid_to)
    if successor_id is not None:
        if valid_to is None:
            raise InvalidInput("đơn vị kế thừa", "chỉ đặt khi đơn vị có ngày hết hiệu lực.")
        _check_successor(unit, successor_id, session=session)
    before = snapshot(unit)
    unit.valid_from = valid_from
    unit.valid_to = valid_to
    unit.successor_id = successor_id
    _audit_unit(actor, unit, "unit.set_validity", before, session=session)
    return unit


def deactivate_unit(actor: User, unit_id: int, *, session: Session) -> Unit:
    """The unit keeps its history but gets no new tasks."""
    _require_admin(actor)
    unit = _unit(unit_id, session=session)
    before = snapshot(unit)
    unit.is_active = False
    _audit_unit(actor, unit, "unit.deactivate", before, session=session)
    return unit


def reactivate_unit(actor: User, unit_id: int, *, session: Session) -> Unit:
    """Undo :func:`deactivate_unit`."""
    _require_admin(actor)
    unit = _unit(unit_id, session=session)
    before = snapshot(unit)
    unit.is_active = True
    _audit_unit(actor, unit, "unit.reactivate", before, session=session)
    return unit


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.PAUSED)


def merge_unit(
    actor: User,
    unit_id: int,
    successor_id: int,
    on: date,
    *,
    session: Session,
    now: datetime | None = None,
) -> list[Assignment]:
    """``unit`` is merged into ``successor`` from the day ``on``: it ends the day before, and its
    open assignments (not done, not cancelled) pass to the successor, keeping history.

    For each open assignment the successor gets a new assignment on the same task and role
    (unless it already has one: then that one is kept, made lead if the moved one was lead),
    carrying over the status, progress and extended deadline with a status update saying where it
    came from; the old assignment is then cancelled with the note "Chuyển sang … do sáp nhập".
    Returns the successor's assignments that took the work over.
    """
    from directives.services import tasks  # tasks imports this module: import when needed

    _require_admin(actor)
    unit = _unit(unit_id, session=session)
    successor = _check_successor(unit, successor_id, session=session)
    ends = on - timedelta(days=1)
    if unit.valid_from is not None and ends < unit.valid_from:
        raise InvalidInput("ngày sáp nhập", f"phải sau ngày {unit.name} bắt đầu hiệu lực.")
    if not successor.valid_on(on):
        raise InvalidInput(
            "đơn vị kế thừa", f"{successor.name} không có hiệu lực vào ngày {on:%d/%m/%Y}."
        )
    if not successor.is_active:
        raise InvalidInput("đơn vị kế thừa", f"{successor.name} đã ngừng hoạt động.")
    moment = now or datetime.now(UTC)

    before = snapshot(unit)
    unit.valid_to = ends
    unit.successor_id = successor.id
    _audit_unit(actor, unit, "unit.merge", before, session=session)

    assert successor.id is not None
    open_rows = session.exec(
        select(Assignment)
        .where(Assignment.unit_id == unit.id, col(Assignment.status).in_(OPEN_STATUSES))
        .order_by(col(Assignment.task_id))
    ).all()
    taken_over: list[Assignment] = []
    for old in open_rows:
        assert old.id is not None
        target = session.exec(
            select(Assignment).where(
                Assignment.task_id == old.task_id, Assignment.unit_id == successor.id
            )
        ).first()
        if target is None:
            target = Assignment(
                task_id=old.task_id,
                unit_id=successor.id,
                role=old.role,
                extended_deadline=old.extended_deadline,
            )
            session.add(target)
            session.flush()
            assert target.id is not None
            audit.record(
                session=session,
                actor=actor,
                action="assignment.create",
                entity="assignment",
                entity_id=target.id,
                after=snapshot(target),
            )
            tasks.record_update(
                session=session,
                actor=actor,
                assignment_id=target.id,
                request=tasks.UpdateRequest(
                    status=Status(old.status),
                    progress=old.progress,
                    note=f"Tiếp nhận từ {unit.name} do sáp nhập",
                ),
                at=moment,
            )
        elif old.role == AssignmentRole.LEAD.value and target.role != AssignmentRole.LEAD.value:
            target_before = snapshot(target)
            target.role = AssignmentRole.LEAD
            session.add(target)
            session.flush()
            audit.record(
                session=session,
                actor=actor,
                action="assignment.role",
                entity="assignment",
                entity_id=target.id,
                before=target_before,
                after=snapshot(target),
            )
        tasks.record_update(
            session=session,
            actor=actor,
            assignment_id=old.id,
            request=tasks.UpdateRequest(
                status=Status.CANCELLED,
                progress=old.progress,
                note=f"Chuyển sang {successor.name} do sáp nhập",
            ),
            at=moment,
        )
        audit.record(
            session=session,
            actor=actor,
            action="assignment.move",
            entity="assignment",
            entity_id=old.id,
            before={"unit_id": unit.id, "assignment_id": old.id},
            after={"unit_id": successor.id, "assignment_id": target.id},
        )
        taken_over.append(target)
    bump_data_version(session=session)
    return taken_over


# --- resolving the units a notice names -------------------------------------------------------

AGENCY_PREFIXES = ("ubnd", "uy ban nhan dan", "dang uy", "dang bo")
"""How notices name a commune by its committee ("UBND xã Giao An" → Xã Giao An), folded."""

_KIND_PREFIXES = {
    UnitKind.COMMUNE.value: ("xa",),
    UnitKind.TOWN.value: ("thi tran", "tt"),
}


def _name_key(text: str) -> str:
    """Folded, single-spaced, hyphens spaced alike ("A-B", "A - B", "A – B"), no final dot."""
    folded = fold(text).replace("\u2013", "-").replace("\u2014", "-").replace("-", " - ")
    return " ".join(folded.split()).rstrip(".").strip()


def resolve_units(
    text: str, on: date, *, session: Session, known: Collection[int] = ()
) -> list[Unit]:
    """The units a list such as "Ban Dân vận, UBND xã Giao An; các xã, thị trấn" names on ``on``.

    Parts are separated by commas or semicolons. Each is a collective (see :data:`COLLECTIVES`,
    expanded to its active members on ``on``), a unit's slug, or a unit's name or short name;
    case and accents do not matter ("Thuỷ" and "Thủy" alike). A commune or town may be named
    without its kind ("Giao An") or by its committee ("UBND xã Giao An", "Đảng ủy xã Giao An"),
    and "A và B" names two units when no unit is called so. Each named unit must be active and
    exist on ``on``, unless its id is in ``known`` (a task's units as they stand, such as a
    successor that took the task over after a merger, read back from an export). Units come once
    each, in the order named; raises :class:`InvalidInput` naming every part that could not be
    resolved.
    """
    units = list(session.exec(select(Unit).order_by(col(Unit.id))).all())
    by_slug = {unit.slug: unit for unit in units}
    by_name: dict[str, list[Unit]] = {}
    by_bare: dict[str, list[Unit]] = {}  # communes and towns, without "xã" / "thị trấn"

    def add(index: dict[str, list[Unit]], key: str, unit: Unit) -> None:
        found = index.setdefault(key, [])
        if unit not in found:
            found.append(unit)

    for unit in units:
        for name in (unit.name, unit.short_name):
            if name:
                add(by_name, _name_key(name), unit)
        key = _name_key(unit.name)
        for prefix in _KIND_PREFIXES.get(str(unit.kind), ()):
            if key.startswith(prefix + " "):
                bare = key.removeprefix(prefix + " ")
                add(by_bare, bare, unit)
                for other in _KIND_PREFIXES[str(unit.kind)]:
                    add(by_name, f"{other} {bare}", unit)
    collectives = {_name_key(name): name for name in COLLECTIVES}
    widest = max(key.count(",") for key in collectives) + 1  # a group spans this many parts at most

    unknown: list[str] = []
    problems: list[str] = []

    def usable(found: list[Unit], part: str) -> list[Unit] | None:
        """The one unit ``found`` means on ``on``; None (with the problem noted) otherwise."""
        mine = [u for u in found if u.id in known]
        valid = mine or [u for u in found if u.is_active and u.valid_on(on)]
        if len(valid) == 1:
            return valid
        if len(valid) > 1:
            names = ", ".join(u.name for u in valid)
            problems.append(f"'{part}' có thể là nhiều đơn vị ({names}), hãy ghi rõ hơn")
        else:
            names = ", ".join(u.name for u in found)
            problems.append(f"'{part}' ({names}) không hoạt động vào ngày {on:%d/%m/%Y}")
        return None

    def candidates(part: str) -> list[Unit]:
        """The units ``part`` may name, ignoring dates; empty if none."""
        slug = part.strip().lower()
        if slug in by_slug:
            return [by_slug[slug]]
        key = _name_key(part)
        if key in by_name:
            return by_name[key]
        if key in by_bare:
            return by_bare[key]
        for prefix in AGENCY_PREFIXES:
            if key.startswith(prefix + " "):
                rest = key.removeprefix(prefix + " ")
                commune = [
                    u for u in by_name.get(rest, []) if str(u.kind) in _KIND_PREFIXES
                ] or by_bare.get(rest, [])
                if commune:
                    return commune
        return []

    expanded: dict[str, list[Unit]] = {}

    def members(name: str) -> list[Unit]:
        if name not in expanded:
            expanded[name] = [
                u for u in expand_collective(name, on, session=session) if u.is_active
            ]
        return expanded[name]

    def one(part: str) -> list[Unit] | None:
        """A single part: a unit, or "A và B"; None when it cannot be resolved."""
        found = candidates(part)
        if found:
            return usable(found, part)
        words = part.split()
        joints = [i for i, word in enumerate(words) if fold(word) == "va" and 0 < i < len(words)]
        if joints:
            pieces, start = [], 0
            for joint in [*joints, len(words)]:
                pieces.append(" ".join(words[start:joint]))
                start = joint + 1
            if all(pieces) and all(candidates(p) or _name_key(p) in collectives for p in pieces):
                resolved: list[Unit] = []
                for piece in pieces:
                    if _name_key(piece) in collectives:
                        resolved.extend(members(collectives[_name_key(piece)]))
                        continue
                    unit = usable(candidates(piece), piece)
                    if unit is None:
                        return None
                    resolved.extend(unit)
                return resolved
        unknown.append(part)
        return None

    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    parts = [p for p in parts if p]
    result: list[Unit] = []
    index = 0
    while index < len(parts):
        for end in range(min(len(parts), index + widest), index, -1):
            key = _name_key(", ".join(parts[index:end]))
            if key in collectives:
                result.extend(members(collectives[key]))
                index = end
                break
        else:
            found = one(parts[index])
            if found:
                result.extend(found)
            index += 1
    if unknown or problems:
        messages = []
        if unknown:
            names = ", ".join(f"'{clean(part)}'" for part in unknown)
            messages.append(f"không tìm thấy đơn vị {names}")
        messages.extend(problems)
        raise InvalidInput("đơn vị", "; ".join(messages))
    unique: list[Unit] = []
    seen: set[int | None] = set()
    for unit in result:
        if unit.id not in seen:
            seen.add(unit.id)
            unique.append(unit)
    return unique
