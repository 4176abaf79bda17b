"""The domain's words, defined once, beside the models: which statuses are open, which unit kinds
are local units (communes and the like) and which are organizations, and which groups of units
("các xã, phường, đặc khu", "các sở, ban, ngành", "MTTQ và các đoàn thể" …) stand for which
members, and which levels a deployment may have.

A new stored status or unit kind is added in ``models/core.py``, labelled in ``i18n``, and placed
here; every page, query, service and importer asks this module rather than listing kinds or
statuses.
"""

from dataclasses import dataclass
from typing import Literal

from directives.models import Bloc, Status, UnitKind

# --- statuses ----------------------------------------------------------------------------------

OPEN_STATUSES: tuple[Status, ...] = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.PAUSED)
"""Work still to be done: not done and not cancelled."""

OUT_OF_RATES: tuple[Status, ...] = (Status.PAUSED, Status.CANCELLED)
"""Assignments the completion and on-time rates leave out."""


def is_open(status: Status | str) -> bool:
    return Status(status) in OPEN_STATUSES


# --- unit kinds --------------------------------------------------------------------------------

Breakdown = Literal["local", "organizations"]
"""The two breakdown pages: local units (communes, towns …) and organizations (everything else).
Every assignment belongs to exactly one."""

LOCAL_KINDS: tuple[UnitKind, ...] = (
    UnitKind.COMMUNE,
    UnitKind.WARD,
    UnitKind.SPECIAL_ZONE,
    UnitKind.TOWN,
    UnitKind.VILLAGE,
)
"""Kinds shown on the local units' page (the territory below the deployment: a province's
communes, wards and special zones, a commune's villages, a former district's towns); every other
kind (the province or district itself, departments, Party, Front and mass organizations) is an
organization."""

ORGANIZATION_KINDS: tuple[UnitKind, ...] = tuple(k for k in UnitKind if k not in LOCAL_KINDS)


def breakdown(kind: UnitKind | str) -> Breakdown:
    return "local" if UnitKind(kind) in LOCAL_KINDS else "organizations"


def is_local(kind: UnitKind | str) -> bool:
    return breakdown(kind) == "local"


def kinds_of(part: Breakdown) -> tuple[UnitKind, ...]:
    return LOCAL_KINDS if part == "local" else ORGANIZATION_KINDS


# --- groups of units ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A group notices name instead of listing units. Members are the units valid on the day that
    are of one of ``kinds`` or in ``bloc`` (less the slugs in ``except_slugs``)."""

    name: str  # canonical, as shown
    spellings: tuple[str, ...]  # folded (no accents, lowercase), short forms spelled out
    kinds: tuple[UnitKind, ...] = ()
    bloc: Bloc | None = None
    except_slugs: tuple[str, ...] = ()

    def includes(self, kind: UnitKind | str, bloc: Bloc | str | None, slug: str) -> bool:
        if slug in self.except_slugs:
            return False
        if self.kinds:
            return UnitKind(kind) in self.kinds
        return bloc is not None and self.bloc is not None and Bloc(bloc) is self.bloc


GROUPS: tuple[Group, ...] = (
    Group(
        "các xã, thị trấn",
        (
            "cac xa, thi tran",
            "cac xa va thi tran",
            "cac xa, thi tran trong huyen",
            "uy ban nhan dan cac xa, thi tran",
            "ubnd cac xa, thi tran",
            "dang uy cac xa, thi tran",
            "cap uy, chinh quyen cac xa, thi tran",
        ),
        kinds=LOCAL_KINDS,
    ),
    Group(
        "các xã, phường, đặc khu",
        (
            "cac xa, phuong, dac khu",
            "cac xa, phuong va dac khu",
            "cac xa, phuong",
            "cac xa va phuong",
            "cac xa, phuong, dac khu trong tinh",
            "cac xa, phuong, dac khu tren dia ban tinh",
            "ubnd cac xa, phuong",
            "ubnd cac xa, phuong, dac khu",
            "uy ban nhan dan cac xa, phuong",
            "uy ban nhan dan cac xa, phuong, dac khu",
            "dang uy cac xa, phuong",
            "dang uy cac xa, phuong, dac khu",
        ),
        kinds=(UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE),
    ),
    Group(
        "các sở, ban, ngành",
        (
            "cac so, ban, nganh",
            "cac so, ban nganh",
            "cac so, nganh",
            "cac so, ban, nganh tinh",
            "cac so, ban, nganh cap tinh",
            "cac so, ban, nganh cua tinh",
            "cac co quan chuyen mon thuoc ubnd tinh",
            "cac co quan chuyen mon thuoc uy ban nhan dan tinh",
        ),
        kinds=(UnitKind.DEPARTMENT,),
    ),
    Group(
        "các thôn, tổ dân phố",
        (
            "cac thon, to dan pho",
            "cac thon va to dan pho",
            "cac thon, xom, to dan pho",
            "cac thon, to dan pho trong xa",
            "cac thon, to dan pho tren dia ban xa",
        ),
        kinds=(UnitKind.VILLAGE,),
    ),
    Group(
        "MTTQ và các đoàn thể",
        (
            "mttq va cac doan the",
            "mat tran to quoc va cac doan the",
            "uy ban mat tran to quoc va cac doan the",
            "mat tran to quoc viet nam va cac doan the",
            "uy ban mat tran to quoc viet nam va cac doan the",
            "mat tran to quoc va cac doan the chinh tri xa hoi",
            "cac doan the chinh tri xa hoi",
            "cac doan the chinh tri - xa hoi",
        ),
        bloc=Bloc.FRONT,
    ),
    Group(
        "các phòng, ban, ngành",
        (
            "cac phong, ban, nganh",
            "cac phong, ban, nganh huyen",
            "cac co quan chuyen mon thuoc uy ban nhan dan huyen",
            "cac co quan chuyen mon thuoc ubnd huyen",
            "cac co quan chuyen mon",
        ),
        bloc=Bloc.GOVERNMENT,
        except_slugs=("ubnd-huyen",),  # the offices, not the committee itself
    ),
    Group(
        "lực lượng vũ trang", ("luc luong vu trang", "luc luong vu trang huyen"), bloc=Bloc.ARMED
    ),
)


# --- levels of a deployment ---------------------------------------------------------------------

Level = Literal["tinh", "xa", "huyen"]
LEVELS: tuple[Level, ...] = ("tinh", "xa", "huyen")
"""What a deployment is (``services.deployment``): a province's or a commune's office; ``huyen``
(districts, gone since 01/07/2025) for history and the demo."""

GROUPS_OF_LEVEL: dict[Level, tuple[str, ...]] = {
    "tinh": (
        "các xã, phường, đặc khu",
        "các sở, ban, ngành",
        "MTTQ và các đoàn thể",
        "lực lượng vũ trang",
    ),
    "xa": ("các thôn, tổ dân phố", "MTTQ và các đoàn thể", "lực lượng vũ trang"),
    "huyen": (
        "các xã, thị trấn",
        "MTTQ và các đoàn thể",
        "các phòng, ban, ngành",
        "lực lượng vũ trang",
    ),
}
"""The groups a deployment of each level offers first (in help texts and pick lists); every group
of :data:`GROUPS` is understood at every level."""


def group_named(folded: str) -> Group | None:
    """The group a folded name stands for, or None."""
    key = folded.strip().rstrip(".")
    for group in GROUPS:
        if key in group.spellings:
            return group
    return None
