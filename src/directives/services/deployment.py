"""Who the deployment is: its level (tỉnh, xã; huyện for history and the demo), the bodies that
issue its notices ("UBND tỉnh Quảng Trị", "Tỉnh ủy Quảng Trị") and the place's display name
("tỉnh Quảng Trị"). Kept in ``app_meta`` under the keys of :data:`KEYS`; every page title, help
text, group name and report header that depends on it asks :func:`current`.

Set by ``directives init-db`` (no account exists yet: ``actor`` None) and by an administrator on
the "Thông tin cơ quan" page; each change is audited. Nothing here commits.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import cast

import sqlalchemy as sa
from sqlmodel import Session

from directives.domain import LEVELS, Level
from directives.models import AppMeta, User, table
from directives.services import audit, permissions
from directives.services.errors import Problem, Rejected
from directives.services.meta import bump_data_version, store

LEVEL_NAMES: dict[Level, str] = {
    "tinh": "Cấp tỉnh (tỉnh, thành phố)",
    "xa": "Cấp xã (xã, phường, đặc khu)",
    "huyen": "Cấp huyện (trước 01/07/2025)",
}

KEY_LEVEL = "deployment_level"
KEY_ISSUERS = "deployment_issuers"  # one per line
KEY_PLACE = "deployment_place"
KEYS = (KEY_LEVEL, KEY_ISSUERS, KEY_PLACE)

MAX_ISSUERS = 10
MAX_LENGTH = 200

_KIND_WORDS = re.compile(
    r"^(?:(?:ủy ban nhân dân|ubnd|hđnd|hội đồng nhân dân|ban thường vụ|ban chấp hành)\s+)?"
    r"(?:(?:tỉnh|thành|huyện|thị|đảng|xã|phường)\s+ủy\s+|đảng ủy\s+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Deployment:
    level: Level
    issuers: tuple[str, ...]
    place: str  # "tỉnh Quảng Trị", as it reads after "cơ quan, tổ chức"

    @property
    def place_name(self) -> str:
        """The place without its kind, as a document dates itself: "Quảng Trị"."""
        return re.sub(
            r"^(?:tỉnh|thành phố|huyện|xã|phường|đặc khu|thị trấn)\s+", "", self.place, flags=re.I
        )


UNSET = Deployment(level="huyen", issuers=(), place="")
"""What a database without an identity reads as: a database made before identities existed (the
demo's wording, a district of 2021)."""


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def place_from(issuer: str) -> str:
    """The place an issuer names: "UBND tỉnh Quảng Trị" → "tỉnh Quảng Trị"; "Tỉnh ủy Quảng
    Trị" → "Quảng Trị"."""
    return _KIND_WORDS.sub("", _nfc(issuer)).strip()


def current(*, session: Session) -> Deployment:
    """The stored identity, or :data:`UNSET`."""
    meta = table(AppMeta)
    rows = session.execute(sa.select(meta.c.key, meta.c.value).where(meta.c.key.in_(KEYS)))
    found: dict[str, str] = {key: value for key, value in rows}
    level = found.get(KEY_LEVEL)
    if level not in LEVELS:
        return UNSET
    issuers = tuple(line for line in found.get(KEY_ISSUERS, "").splitlines() if line.strip())
    return Deployment(level, issuers, found.get(KEY_PLACE, ""))


def is_set(*, session: Session) -> bool:
    return session.get(AppMeta, KEY_LEVEL) is not None


def validate(level: str, issuers: list[str], place: str | None) -> Deployment:
    """The identity these values make, or Rejected naming every wrong field."""
    problems: list[Problem] = []
    level = _nfc(level).lower()
    if level not in LEVELS:
        problems.append(
            Problem(
                "cấp phải là “tinh” (tỉnh, thành phố) hoặc “xa” (xã, phường, đặc khu); "
                "“huyen” chỉ dùng cho dữ liệu trước 01/07/2025.",
                field="cấp",
            )
        )
    cleaned: list[str] = []
    for issuer in issuers:
        name = _nfc(issuer)
        if not name:
            continue
        if len(name) > MAX_LENGTH:
            problems.append(
                Problem(f"“{name[:40]}…” dài quá {MAX_LENGTH} ký tự.", field="cơ quan ban hành")
            )
        elif name.casefold() in {c.casefold() for c in cleaned}:
            problems.append(Problem(f"“{name}” được nhập hai lần.", field="cơ quan ban hành"))
        else:
            cleaned.append(name)
    if not any(_nfc(issuer) for issuer in issuers):
        problems.append(
            Problem(
                "cần ít nhất một cơ quan ban hành, ví dụ “UBND tỉnh Quảng Trị”.",
                field="cơ quan ban hành",
            )
        )
    elif len(cleaned) > MAX_ISSUERS:
        problems.append(
            Problem(f"nhiều nhất {MAX_ISSUERS} cơ quan ban hành.", field="cơ quan ban hành")
        )
    shown = _nfc(place or "") or (place_from(cleaned[0]) if cleaned else "")
    if cleaned and not shown and not problems:
        problems.append(
            Problem("cần tên địa phương, ví dụ “tỉnh Quảng Trị”.", field="tên địa phương")
        )
    elif len(shown) > MAX_LENGTH:
        problems.append(Problem(f"dài quá {MAX_LENGTH} ký tự.", field="tên địa phương"))
    if problems:
        raise Rejected(problems, headline="Chưa lưu thông tin cơ quan:")
    return Deployment(cast(Level, level), tuple(cleaned), shown)


def set_identity(
    actor: User | None,
    *,
    session: Session,
    level: str,
    issuers: list[str],
    place: str | None = None,
) -> Deployment:
    """Store the deployment's identity. ``actor`` is the administrator doing it, or None for the
    command line that creates the database (which runs with the server's own rights)."""
    if actor is not None:
        permissions.require_admin(actor, "sửa thông tin cơ quan")
    identity = validate(level, issuers, place)
    before = current(session=session) if is_set(session=session) else None
    values = {
        KEY_LEVEL: identity.level,
        KEY_ISSUERS: "\n".join(identity.issuers),
        KEY_PLACE: identity.place,
    }
    for key, value in values.items():
        store(key, value, session=session)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        username=None if actor else "dòng lệnh",
        action="deployment.set",
        entity="deployment",
        before=_shape(before),
        after=_shape(identity),
    )
    bump_data_version(session=session, assignments=())  # wording, not any assignment's state
    return identity


def _shape(identity: Deployment | None) -> dict[str, object] | None:
    if identity is None:
        return None
    return {"level": identity.level, "issuers": list(identity.issuers), "locality": identity.place}


KEY_CONFIRMED_RATES = "rates_on_confirmed"  # "1": rates count confirmed completions by default
KEY_LEAD_UNIT_REVIEWS = "reviews_by_lead_unit"  # "1": lead units confirm their supporters
REVIEW_KEYS = (KEY_CONFIRMED_RATES, KEY_LEAD_UNIT_REVIEWS)


@dataclass(frozen=True)
class ReviewSettings:
    """How the deployment checks reported results (kiểm tra)."""

    confirmed_rates: bool = False
    """Rates count by default only completions the office confirmed ("kết quả đã xác nhận"),
    else every completion units reported ("kết quả đơn vị báo cáo"); readers can switch."""
    lead_unit_reviews: bool = False
    """Besides administrators, the lead unit's secretary may confirm or return the completions
    of the supporting units of the same task."""


def review_settings(*, session: Session) -> ReviewSettings:
    meta = table(AppMeta)
    rows = session.execute(sa.select(meta.c.key, meta.c.value).where(meta.c.key.in_(REVIEW_KEYS)))
    found: dict[str, str] = {key: value for key, value in rows}
    return ReviewSettings(
        confirmed_rates=found.get(KEY_CONFIRMED_RATES) == "1",
        lead_unit_reviews=found.get(KEY_LEAD_UNIT_REVIEWS) == "1",
    )


def set_review_settings(
    actor: User, *, session: Session, confirmed_rates: bool, lead_unit_reviews: bool
) -> ReviewSettings:
    """Store how results are checked; administrators only, audited."""
    permissions.require_admin(actor, "sửa cách kiểm tra kết quả")
    before = review_settings(session=session)
    after = ReviewSettings(confirmed_rates=confirmed_rates, lead_unit_reviews=lead_unit_reviews)
    values = {
        KEY_CONFIRMED_RATES: "1" if confirmed_rates else "0",
        KEY_LEAD_UNIT_REVIEWS: "1" if lead_unit_reviews else "0",
    }
    for key, value in values.items():
        store(key, value, session=session)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="deployment.reviews",
        entity="deployment",
        before=asdict(before),
        after=asdict(after),
    )
    bump_data_version(session=session)
    return after
