"""A province-sized, deterministic database for the benchmark: ``directives demo --scale 1.0``.

At scale 1.0: about 1,000 units (ten districts' communes, towns and organizations, plus the
province's organizations; some communes merged into a neighbour in 2019 or 2024), about 2,500
meetings with their conclusions from 2016 to mid-2025, about 22,000 tasks, 200,000 assignments
and 1,000,000 status updates. Every assignment's current columns equal its last update, as
:func:`directives.services.updates.record_update` would leave them; updates are numbered in the
order they were recorded, as a live database would number them.

Rows go in with Core ``insert`` executemany, in batches, in one transaction. The same seed gives
the same rows (only the salted password hash differs). Text is synthetic; place names are used
for flavour only.
"""

import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from directives.models import (
    AppMeta,
    Assignment,
    AssignmentRole,
    Bloc,
    Conclusion,
    ExtensionRequest,
    ExtensionStatus,
    Meeting,
    Role,
    Status,
    StatusUpdate,
    Task,
    Unit,
    UnitKind,
    User,
    conclusion_key,
    table,
)
from directives.services.accounts import DEMO_PASSWORD, hash_password
from directives.services.errors import ServiceError
from directives.text import fold, slugify

AS_OF = date(2025, 6, 30)
"""The day the generated database opens on, and the last day of its history: the day before
Vietnam's districts were abolished (1 July 2025)."""

FIRST_DAY = date(2016, 1, 4)
UNITS_AT_SCALE_1 = 1_000
ASSIGNMENTS_AT_SCALE_1 = 200_000
MEETINGS_AT_SCALE_1 = 2_500
DISTRICTS_AT_SCALE_1 = 10
BATCH_ROWS = 20_000

_UTC_OFFSET_MIN = 7 * 60  # Vietnam has kept UTC+7, without daylight saving, since 1975
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORD = date(1970, 1, 1).toordinal()
_CREATED_AT = datetime(2016, 1, 1, 1, 0, tzinfo=UTC)

# Status codes used while generating (indexes into _STATUS).
_NS, _IP, _DN, _PA, _CA = range(5)
_STATUS = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE, Status.PAUSED, Status.CANCELLED)
_STATUS_VALUE = tuple(s.value for s in _STATUS)

DISTRICT_NAMES = (
    "Giao Thủy",
    "Hải Hậu",
    "Xuân Trường",
    "Trực Ninh",
    "Nghĩa Hưng",
    "Nam Trực",
    "Ý Yên",
    "Vụ Bản",
    "Mỹ Lộc",
    "Thiên Trường",
)
PROVINCE = "Nam Định"

_FIRST = (
    "Giao", "Hải", "Xuân", "Trực", "Nghĩa", "Nam", "Yên", "Liên", "Minh", "Tân", "Hồng", "Thành",
    "Kim", "Bình", "Phúc", "Quang", "Trung", "Đông", "Tây", "Phú", "Hòa", "Thịnh", "Hưng", "Thái",
    "Mỹ", "Cộng", "Đại", "Hợp", "Điền", "Lộc",
)  # fmt: skip
_SECOND = (
    "An", "Thiện", "Lạc", "Xuân", "Hải", "Long", "Phong", "Tiến", "Châu", "Hà", "Yến", "Nhân",
    "Thanh", "Hương", "Sơn", "Bắc", "Đông", "Tây", "Hòa", "Thịnh", "Phú", "Lợi", "Tân", "Trung",
    "Minh", "Khang", "Ninh", "Vinh", "Đức", "Thắng",
)  # fmt: skip

# District organizations, most important first (small scales keep only the first few).
_DISTRICT_ORGS: tuple[tuple[str, Bloc], ...] = (
    ("UBND huyện {d}", Bloc.GOVERNMENT),
    ("Ban Tổ chức Huyện ủy {d}", Bloc.PARTY),
    ("Ủy ban MTTQ Việt Nam huyện {d}", Bloc.FRONT),
    ("Công an huyện {d}", Bloc.ARMED),
    ("Phòng Nông nghiệp và PTNT huyện {d}", Bloc.GOVERNMENT),
    ("Ban Dân vận Huyện ủy {d}", Bloc.PARTY),
    ("Phòng Tài chính - Kế hoạch huyện {d}", Bloc.GOVERNMENT),
    ("Hội Liên hiệp Phụ nữ huyện {d}", Bloc.FRONT),
    ("Ban Chỉ huy Quân sự huyện {d}", Bloc.ARMED),
    ("Phòng Tài nguyên và Môi trường huyện {d}", Bloc.GOVERNMENT),
    ("Ban Tuyên giáo Huyện ủy {d}", Bloc.PARTY),
    ("Huyện đoàn {d}", Bloc.FRONT),
    ("Phòng Giáo dục và Đào tạo huyện {d}", Bloc.GOVERNMENT),
    ("Ủy ban Kiểm tra Huyện ủy {d}", Bloc.PARTY),
    ("Hội Nông dân huyện {d}", Bloc.FRONT),
    ("Phòng Kinh tế và Hạ tầng huyện {d}", Bloc.GOVERNMENT),
    ("Văn phòng Huyện ủy {d}", Bloc.PARTY),
    ("Hội Cựu chiến binh huyện {d}", Bloc.FRONT),
    ("Phòng Nội vụ huyện {d}", Bloc.GOVERNMENT),
    ("Phòng Y tế huyện {d}", Bloc.GOVERNMENT),
    ("Liên đoàn Lao động huyện {d}", Bloc.FRONT),
    ("Phòng Văn hóa và Thông tin huyện {d}", Bloc.GOVERNMENT),
    ("Trung tâm Chính trị huyện {d}", Bloc.PARTY),
    ("Phòng Lao động - Thương binh và Xã hội huyện {d}", Bloc.GOVERNMENT),
    ("Hội Chữ thập đỏ huyện {d}", Bloc.FRONT),
    ("Phòng Tư pháp huyện {d}", Bloc.GOVERNMENT),
    ("Thanh tra huyện {d}", Bloc.GOVERNMENT),
    ("Văn phòng HĐND và UBND huyện {d}", Bloc.GOVERNMENT),
    ("Trung tâm Y tế huyện {d}", Bloc.GOVERNMENT),
    ("Ban Quản lý dự án đầu tư xây dựng huyện {d}", Bloc.GOVERNMENT),
    ("Trung tâm Văn hóa - Thể thao và Truyền thông huyện {d}", Bloc.GOVERNMENT),
    ("Chi cục Thống kê huyện {d}", Bloc.GOVERNMENT),
)

_PROVINCE_ORGS: tuple[tuple[str, Bloc], ...] = (
    ("UBND tỉnh", Bloc.GOVERNMENT),
    ("Ban Tổ chức Tỉnh ủy", Bloc.PARTY),
    ("Ủy ban MTTQ Việt Nam tỉnh", Bloc.FRONT),
    ("Công an tỉnh", Bloc.ARMED),
    ("Sở Nông nghiệp và PTNT", Bloc.GOVERNMENT),
    ("Ban Dân vận Tỉnh ủy", Bloc.PARTY),
    ("Sở Tài chính", Bloc.GOVERNMENT),
    ("Bộ Chỉ huy Quân sự tỉnh", Bloc.ARMED),
    ("Sở Kế hoạch và Đầu tư", Bloc.GOVERNMENT),
    ("Ban Tuyên giáo Tỉnh ủy", Bloc.PARTY),
    ("Hội Liên hiệp Phụ nữ tỉnh", Bloc.FRONT),
    ("Sở Tài nguyên và Môi trường", Bloc.GOVERNMENT),
    ("Ủy ban Kiểm tra Tỉnh ủy", Bloc.PARTY),
    ("Tỉnh đoàn", Bloc.FRONT),
    ("Sở Giáo dục và Đào tạo", Bloc.GOVERNMENT),
    ("Văn phòng Tỉnh ủy", Bloc.PARTY),
    ("Hội Nông dân tỉnh", Bloc.FRONT),
    ("Sở Y tế", Bloc.GOVERNMENT),
    ("Sở Xây dựng", Bloc.GOVERNMENT),
    ("Sở Giao thông vận tải", Bloc.GOVERNMENT),
    ("Ban Nội chính Tỉnh ủy", Bloc.PARTY),
    ("Hội Cựu chiến binh tỉnh", Bloc.FRONT),
    ("Sở Nội vụ", Bloc.GOVERNMENT),
    ("Sở Công Thương", Bloc.GOVERNMENT),
    ("Liên đoàn Lao động tỉnh", Bloc.FRONT),
    ("Sở Tư pháp", Bloc.GOVERNMENT),
    ("Sở Văn hóa, Thể thao và Du lịch", Bloc.GOVERNMENT),
    ("Sở Thông tin và Truyền thông", Bloc.GOVERNMENT),
    ("Sở Lao động - Thương binh và Xã hội", Bloc.GOVERNMENT),
    ("Thanh tra tỉnh", Bloc.GOVERNMENT),
    ("Sở Khoa học và Công nghệ", Bloc.GOVERNMENT),
    ("Văn phòng UBND tỉnh", Bloc.GOVERNMENT),
    ("Trường Chính trị tỉnh", Bloc.PARTY),
    ("Hội Chữ thập đỏ tỉnh", Bloc.FRONT),
    ("Cục Thuế tỉnh", Bloc.GOVERNMENT),
    ("Kho bạc Nhà nước tỉnh", Bloc.GOVERNMENT),
    ("Ban Quản lý các khu công nghiệp tỉnh", Bloc.GOVERNMENT),
    ("Đài Phát thanh và Truyền hình tỉnh", Bloc.GOVERNMENT),
    ("Báo Nam Định", Bloc.PARTY),
    ("Bảo hiểm xã hội tỉnh", Bloc.GOVERNMENT),
    ("Ngân hàng Chính sách xã hội chi nhánh tỉnh", Bloc.GOVERNMENT),
    ("Liên minh Hợp tác xã tỉnh", Bloc.FRONT),
    ("Sở Ngoại vụ", Bloc.GOVERNMENT),
    ("Ban Dân tộc và Tôn giáo tỉnh", Bloc.GOVERNMENT),
    ("Đảng ủy Khối các cơ quan tỉnh", Bloc.PARTY),
)

_TASKS: dict[str, tuple[str, ...]] = {
    "Xây dựng Đảng": (
        "Kiện toàn tổ chức cơ sở đảng, nâng cao chất lượng sinh hoạt chi bộ",
        "Thực hiện công tác phát triển đảng viên mới",
        "Kiểm tra, giám sát việc thực hiện nghị quyết của cấp ủy",
    ),
    "Dân vận": (
        'Đẩy mạnh phong trào thi đua "Dân vận khéo"',
        "Thực hiện quy chế dân chủ ở cơ sở",
        "Nắm tình hình tư tưởng của nhân dân, giải quyết kịp thời kiến nghị",
    ),
    "Nông nghiệp": (
        "Chỉ đạo sản xuất vụ lúa, bảo đảm đúng khung lịch thời vụ",
        "Phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
        "Xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
    ),
    "Giải phóng mặt bằng": (
        "Vận động nhân dân bàn giao mặt bằng dự án đường bộ ven biển",
        "Hoàn thành kiểm đếm, áp giá bồi thường, hỗ trợ tái định cư",
    ),
    "Tài chính - Ngân sách": (
        "Tăng cường thu ngân sách, chống thất thu thuế",
        "Đẩy nhanh giải ngân vốn đầu tư công",
    ),
    "Giáo dục": (
        "Sắp xếp mạng lưới trường, lớp học",
        "Nâng cao chất lượng giáo dục đại trà và mũi nhọn",
    ),
    "Y tế": (
        "Phòng, chống dịch bệnh truyền nhiễm",
        "Mở rộng bảo hiểm y tế toàn dân",
    ),
    "Tài nguyên và Môi trường": (
        "Thu gom, xử lý rác thải sinh hoạt ở nông thôn",
        "Quản lý chặt chẽ đất đai, xử lý dứt điểm vi phạm",
    ),
    "Quốc phòng - An ninh": (
        "Tuyển chọn và gọi công dân nhập ngũ",
        "Giữ vững an ninh chính trị, trật tự an toàn xã hội",
    ),
    "Cải cách hành chính": (
        "Đẩy mạnh dịch vụ công trực tuyến",
        "Nâng cao chỉ số hài lòng của người dân với cơ quan hành chính",
    ),
    "Chuyển đổi số": (
        "Triển khai Đề án 06 về dữ liệu dân cư và định danh điện tử",
        "Số hóa hồ sơ, tài liệu lưu trữ",
    ),
    "Văn hóa - Xã hội": (
        "Xây dựng đời sống văn hóa ở khu dân cư",
        "Chăm lo gia đình chính sách, hộ nghèo dịp Tết",
    ),
}
_FIELDS = tuple(_TASKS)

_START_NOTES = (
    "Đã xây dựng kế hoạch, phân công cán bộ phụ trách.",
    "Đã quán triệt, triển khai đến các chi bộ, thôn, xóm.",
    "Đã ban hành văn bản chỉ đạo thực hiện.",
)
_PROGRESS_NOTES = (
    "Đang tổ chức thực hiện theo kế hoạch.",
    "Đã hoàn thành một phần khối lượng, tiếp tục thực hiện.",
    "Đã kiểm tra, đôn đốc tiến độ tại cơ sở.",
    "Đang tổng hợp số liệu, báo cáo kết quả bước đầu.",
)
_STANDING_NOTES = (
    "Báo cáo định kỳ: duy trì thực hiện thường xuyên.",
    "Báo cáo định kỳ: kết quả đạt yêu cầu đề ra.",
    "Báo cáo định kỳ: tiếp tục triển khai, chưa phát sinh vướng mắc.",
)
_DONE_NOTES = ("Hoàn thành nhiệm vụ được giao.", "Hoàn thành phần việc phối hợp.")
_LATE_NOTES = (
    "Chậm tiến độ do vướng mắc về kinh phí, đang kiến nghị tháo gỡ.",
    "Chưa hoàn thành đúng hạn, đang tiếp tục thực hiện.",
    "Còn vướng mắc về mặt bằng, đề nghị gia hạn.",
)
_PAUSE_NOTES = (
    "Tạm dừng theo chỉ đạo của cấp trên.",
    "Tạm dừng chờ hướng dẫn, bố trí kinh phí.",
)
_RESUME_NOTE = "Tiếp tục thực hiện sau thời gian tạm dừng."
_CANCEL_NOTE = "Dừng thực hiện do nhiệm vụ không còn phù hợp."


@dataclass
class _Unit:
    id: int
    slug: str
    code: str | None
    name: str
    short_name: str | None
    kind: UnitKind
    bloc: Bloc | None
    district: int  # index into the districts; -1 for the province's organizations
    valid_to: date | None = None
    successor_id: int | None = None
    note: str | None = None
    diligence: float = 0.88

    def valid_on(self, day: date) -> bool:
        return self.valid_to is None or day <= self.valid_to

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "slug": self.slug,
            "code": self.code,
            "name": self.name,
            "short_name": self.short_name,
            "kind": self.kind.value,
            "bloc": self.bloc.value if self.bloc else None,
            "valid_from": None,
            "valid_to": self.valid_to,
            "successor_id": None,  # set once every unit exists
            "note": self.note,
            "is_active": self.valid_to is None,  # merged units keep their history only
        }


@dataclass
class _Counts:
    units: int = 0
    meetings: int = 0
    conclusions: int = 0
    tasks: int = 0
    assignments: int = 0
    extensions: int = 0
    updates: int = 0


def generate(engine: Engine, *, scale: float = 1.0, seed: int = 2021) -> str:
    """Fill an empty, migrated database with a province-sized dataset; return a summary line.

    ``scale`` 1.0 gives about 1,000 units, 200,000 assignments and 1,000,000 status updates;
    0.01 a small one for tests. Accounts: ``lanhdao`` (leader) and ``quantri`` (admin), both with
    the demo password.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    started = time.perf_counter()
    rng = random.Random(seed)
    counts = _Counts()
    bulk = engine.execution_options(sqlite_begin="IMMEDIATE")
    with bulk.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB for this load
        _require_empty(conn)
        units = _make_units(rng, scale)
        _insert(conn, table(Unit), (unit.row() for unit in units))
        conn.execute(
            sa.update(table(Unit))
            .where(table(Unit).c.id == sa.bindparam("unit_id"))
            .values(successor_id=sa.bindparam("successor")),
            [
                {"unit_id": unit.id, "successor": unit.successor_id}
                for unit in units
                if unit.successor_id is not None
            ],
        )
        counts.units = len(units)
        admin_id = _accounts(conn)
        _meta(conn)
        _documents(conn, rng, scale, units, admin_id, counts)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # outside a transaction: fold the large WAL back in
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    seconds = time.perf_counter() - started
    return (
        f"scale {scale:g}, seed {seed}: {counts.units:,} units, {counts.meetings:,} meetings, "
        f"{counts.conclusions:,} conclusions, {counts.tasks:,} tasks, "
        f"{counts.assignments:,} assignments ({counts.extensions:,} with an approved extension), "
        f"{counts.updates:,} status updates "
        f"(as of {AS_OF.isoformat()}) in {seconds:.1f} s"
    )


def _require_empty(conn: Connection) -> None:
    for model in (Unit, User, Meeting, Assignment):
        if conn.execute(sa.select(sa.func.count()).select_from(table(model))).scalar_one():
            raise ServiceError(
                "Cơ sở dữ liệu đã có dữ liệu: "
                "chỉ tạo dữ liệu quy mô tỉnh trong cơ sở dữ liệu trống."
            )


def _insert(conn: Connection, target: sa.Table, rows: Iterable[dict[str, Any]]) -> int:
    """Core executemany in batches; returns the number of rows."""
    total = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            conn.execute(sa.insert(target), batch)
            total += len(batch)
            batch = []
    if batch:
        conn.execute(sa.insert(target), batch)
        total += len(batch)
    return total


def _reset_sequences(conn: Connection) -> None:
    """Ids were given explicitly: move PostgreSQL's sequences past them."""
    for name in (
        "unit",
        "app_user",
        "meeting",
        "conclusion",
        "task",
        "assignment",
        "status_update",
    ):
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608  (fixed names)
            f"(SELECT max(id) FROM {name}))"
        )


# --- units ---------------------------------------------------------------------------------------


def _make_units(rng: random.Random, scale: float) -> list[_Unit]:
    total = max(12, round(UNITS_AT_SCALE_1 * scale))
    districts = max(1, round(DISTRICTS_AT_SCALE_1 * scale))
    province_orgs = max(1, round(0.05 * total))
    per_district, spare = divmod(total - province_orgs, districts)
    units: list[_Unit] = []
    slugs: set[str] = set()
    names = [f"{a} {b}" for a in _FIRST for b in _SECOND if a != b]
    rng.shuffle(names)
    name_iter = iter(names)

    def add(name: str, kind: UnitKind, bloc: Bloc | None, district: int) -> _Unit:
        slug, n = slugify(name), 2
        while slug in slugs:
            slug, n = f"{slugify(name)}-{n}", n + 1
        slugs.add(slug)
        unit = _Unit(len(units) + 1, slug, None, name, None, kind, bloc, district)
        units.append(unit)
        return unit

    for index in range(province_orgs):
        template, bloc = _PROVINCE_ORGS[index % len(_PROVINCE_ORGS)]
        round_ = index // len(_PROVINCE_ORGS)
        add(f"{template} {PROVINCE}" + (f" ({round_ + 1})" if round_ else ""), _ORG, bloc, -1)

    for district in range(districts):
        base = DISTRICT_NAMES[district % len(DISTRICT_NAMES)]
        dname = base if district < len(DISTRICT_NAMES) else f"{base} {district + 1}"
        size = per_district + (1 if district < spare else 0)
        add(f"Huyện {dname}", UnitKind.DISTRICT, None, district)
        org_count = min(len(_DISTRICT_ORGS), max(2, round(0.3 * size)))
        for template, bloc in _DISTRICT_ORGS[:org_count]:
            org = add(template.format(d=dname), _ORG, bloc, district)
            org.short_name = template.replace(" {d}", "")
        commune_count = max(2, size - 1 - org_count)
        towns = 1 if commune_count < 40 else 2
        communes: list[_Unit] = []
        for number in range(commune_count):
            place = next(name_iter, None) or f"{rng.choice(_FIRST)} {rng.choice(_SECOND)} {number}"
            kind = UnitKind.TOWN if number < towns else UnitKind.COMMUNE
            label = "Thị trấn" if kind is UnitKind.TOWN else "Xã"
            unit = add(f"{label} {place}", kind, None, district)
            unit.code = f"{13000 + 100 * district + number:05d}"
            unit.diligence = 0.5 if rng.random() < 0.15 else rng.uniform(0.8, 0.95)
            communes.append(unit)
        _merge(rng, communes)
    return units


_ORG = UnitKind.ORGANIZATION


def _merge(rng: random.Random, communes: list[_Unit]) -> None:
    """About one commune in twelve merged into a neighbour (rounds of 2019 and 2024)."""
    if len(communes) < 4:
        return
    merged = rng.sample(communes[1:], max(1, len(communes) // 12))
    merged_ids = {unit.id for unit in merged}
    keeping = [unit for unit in communes if unit.id not in merged_ids]
    for unit in merged:
        successor = rng.choice(keeping)
        unit.valid_to = rng.choice((date(2019, 12, 31), date(2024, 8, 31)))
        unit.successor_id = successor.id
        unit.note = f"Sáp nhập vào {successor.name} từ {unit.valid_to + timedelta(days=1):%d/%m/%Y}"


# --- accounts and facts --------------------------------------------------------------------------


def _accounts(conn: Connection) -> int:
    password_hash = hash_password(DEMO_PASSWORD)
    rows = [
        {
            "id": 1,
            "username": "quantri",
            "full_name": "Quản trị Văn phòng Tỉnh ủy",
            "title": "Chuyên viên Văn phòng Tỉnh ủy",
            "role": Role.ADMIN.value,
        },
        {
            "id": 2,
            "username": "lanhdao",
            "full_name": "Lãnh đạo Tỉnh ủy",
            "title": "Phó Bí thư Thường trực Tỉnh ủy",
            "role": Role.LEADER.value,
        },
    ]
    for row in rows:
        row.update(
            password_hash=password_hash,
            unit_id=None,
            is_active=True,
            created_at=_CREATED_AT,
            password_changed_at=None,
        )
    _insert(conn, table(User), rows)
    return 1


def _meta(conn: Connection) -> None:
    meta = table(AppMeta)
    facts = {"is_demo": "1", "demo_as_of": AS_OF.isoformat(), "data_version": "1"}
    conn.execute(sa.delete(meta).where(meta.c.key.in_(list(facts))))
    conn.execute(sa.insert(meta), [{"key": key, "value": value} for key, value in facts.items()])


# --- meetings, conclusions, tasks, assignments and their history ---------------------------------


@dataclass
class _Issuer:
    district: int  # -1: the province
    name: str  # e.g. "Huyện ủy Giao Thủy"
    suffix: str  # TB/HU or TB/TU
    leads: list[_Unit]  # who usually leads its tasks
    supports: list[_Unit]
    communes: list[_Unit]


def _issuers(units: list[_Unit]) -> list[_Issuer]:
    province = [u for u in units if u.district == -1]
    districts = sorted({u.district for u in units if u.district >= 0})
    issuers = [
        _Issuer(
            -1,
            f"Tỉnh ủy {PROVINCE}",
            "TB/TU",
            province,
            province + [u for u in units if u.kind is UnitKind.DISTRICT],
            [],
        )
    ]
    for district in districts:
        mine = [u for u in units if u.district == district]
        head = next(u for u in mine if u.kind is UnitKind.DISTRICT)
        orgs = [u for u in mine if u.kind is _ORG]
        communes = [u for u in mine if u.kind in (UnitKind.COMMUNE, UnitKind.TOWN)]
        issuers.append(
            _Issuer(
                district,
                head.name.replace("Huyện", "Huyện ủy", 1),
                "TB/HU",
                orgs,
                orgs + communes,
                communes,
            )
        )
    return issuers


def _meeting_days(rng: random.Random, count: int) -> list[date]:
    first, last = FIRST_DAY.toordinal(), (AS_OF - timedelta(days=20)).toordinal()
    days = []
    for _ in range(count):
        day = date.fromordinal(rng.randint(first, last))
        if day.weekday() >= 5:  # meetings are held on working days
            day -= timedelta(days=day.weekday() - 4)
        days.append(day)
    return sorted(days)


def _budgets(rng: random.Random, total: int, count: int) -> list[int]:
    """Split ``total`` assignments over ``count`` meetings, unevenly."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(count)]
    scale = total / sum(weights)
    budgets, running, given = [], 0.0, 0
    for weight in weights:
        running += weight * scale
        budgets.append(round(running) - given)
        given = round(running)
    return budgets


def _documents(
    conn: Connection,
    rng: random.Random,
    scale: float,
    units: list[_Unit],
    admin_id: int,
    counts: _Counts,
) -> None:
    issuers = _issuers(units)
    # Each district meets about as often as its size; the province a little less than one.
    sizes = [float(len(issuer.supports)) for issuer in issuers[1:]]
    weights = [0.8 * sum(sizes) / len(sizes) if sizes else 1.0, *sizes]
    meeting_count = max(3, round(MEETINGS_AT_SCALE_1 * scale))
    days = _meeting_days(rng, meeting_count)
    budgets = _budgets(rng, max(20, round(ASSIGNMENTS_AT_SCALE_1 * scale)), meeting_count)
    numbers: dict[tuple[int, int], int] = {}

    meetings: list[dict[str, Any]] = []
    conclusions: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    extensions: list[dict[str, Any]] = []
    events: list[tuple[int, int, int, int, int, int, str, str | None]] = []
    until = AS_OF.toordinal()

    for meeting_id, (held_on, budget) in enumerate(zip(days, budgets, strict=True), start=1):
        issuer = rng.choices(issuers, weights)[0]
        field = rng.choice(_FIELDS)
        meetings.append(_meeting_row(rng, meeting_id, held_on, issuer, field))
        issued_on = min(AS_OF, held_on + timedelta(days=rng.randint(2, 12)))
        key = (issuer.district, issued_on.year)
        numbers[key] = numbers.get(key, rng.randint(1, 30)) + rng.randint(1, 4)
        number = f"{numbers[key]}-{issuer.suffix}"
        conclusions.append(
            {
                "id": meeting_id,
                "meeting_id": meeting_id,
                "number": number,
                "issued_on": issued_on,
                "issuer": issuer.name,
                "signer": "T/L Ban Thường vụ, Chánh Văn phòng",
                "title": f"Kết luận của Ban Thường vụ {issuer.name} tại {meetings[-1]['title']}",
                "summary": f"Chỉ đạo trọng tâm về lĩnh vực {field.lower()}.",
                "full_text": None,
                "created_at": _at(issued_on.toordinal(), 9 * 60),
                "document_key": conclusion_key(issuer.name, number, issued_on),
            }
        )
        leads = [u for u in issuer.leads if u.valid_on(issued_on)]
        pool = [u for u in issuer.supports if u.valid_on(issued_on)]
        communes = [u for u in issuer.communes if u.valid_on(issued_on)]
        seq = 0
        while budget > 0:
            seq += 1
            task_id = len(tasks) + 1
            task_field = field if rng.random() < 0.5 else rng.choice(_FIELDS)
            task, chosen_leads, supports, text = _task(
                rng, task_id, meeting_id, seq, issued_on, task_field, leads, pool, communes
            )
            task["assignees_text"] = text
            tasks.append(task)
            deadline = task["deadline"]
            roles = [(AssignmentRole.LEAD, u) for u in chosen_leads]
            roles += [(AssignmentRole.SUPPORT, u) for u in supports]
            for role, unit in roles:
                if budget <= 0:
                    break
                budget -= 1
                assignment_id = len(assignments) + 1
                limit = until if unit.valid_to is None else min(until, unit.valid_to.toordinal())
                extended = _extension(rng, assignment_id, issued_on, deadline, admin_id)
                if extended is not None:
                    extensions.append(extended)
                due = extended["proposed_deadline"] if extended else deadline
                history = _history(
                    rng,
                    assignment_id,
                    issued_on.toordinal(),
                    due.toordinal() if due else None,
                    limit,
                    unit.diligence if unit.kind is not _ORG else 0.9,
                    role is AssignmentRole.LEAD,
                )
                events.extend(history)
                row = _assignment_row(assignment_id, task_id, unit.id, role, history)
                row["extended_deadline"] = due if extended else None
                assignments.append(row)

    counts.meetings = _insert(conn, table(Meeting), meetings)
    counts.conclusions = _insert(conn, table(Conclusion), conclusions)
    counts.tasks = _insert(conn, table(Task), tasks)
    counts.assignments = _insert(conn, table(Assignment), assignments)
    counts.extensions = _insert(conn, table(ExtensionRequest), extensions)
    del assignments
    events.sort()  # ids in the order the updates were recorded, as in a live database
    counts.updates = _insert(conn, table(StatusUpdate), _update_rows(events, admin_id))


def _meeting_row(
    rng: random.Random, meeting_id: int, held_on: date, issuer: _Issuer, field: str
) -> dict[str, Any]:
    year, month = held_on.year, held_on.month
    titles = (
        f"Hội nghị Ban Thường vụ {issuer.name} tháng {month}/{year}",
        f"Hội nghị sơ kết 6 tháng đầu năm {year}, triển khai nhiệm vụ 6 tháng cuối năm",
        f"Hội nghị tổng kết công tác {field.lower()} năm {year - 1}, "
        f"triển khai nhiệm vụ năm {year}",
        f"Hội nghị chuyên đề về {field.lower()} ({month}/{year})",
        f"Cuộc họp giao ban quý {(month - 1) // 3 + 1}/{year}",
    )
    return {
        "id": meeting_id,
        "title": rng.choice(titles),
        "held_on": held_on,
        "place": f"Hội trường {issuer.name}",
        "chaired_by": "Đồng chí Bí thư"
        if rng.random() < 0.5
        else "Đồng chí Phó Bí thư Thường trực",
        "attendees": "Ban Thường vụ; lãnh đạo các cơ quan, đơn vị liên quan",
        "created_at": _at(held_on.toordinal(), 15 * 60),
    }


def _task(
    rng: random.Random,
    task_id: int,
    conclusion_id: int,
    seq: int,
    issued_on: date,
    field: str,
    leads: list[_Unit],
    pool: list[_Unit],
    communes: list[_Unit],
) -> tuple[dict[str, Any], list[_Unit], list[_Unit], str]:
    place = rng.choice((f"năm {issued_on.year}", "trong thời gian tới", "trên địa bàn"))
    content = f"{rng.choice(_TASKS[field])} {place}."
    deadline: date | None = None
    original: date | None = None
    if rng.random() >= 0.12:  # most tasks have a deadline; the rest are standing
        days = rng.choice((15, 30, 45, 60, 90, 90, 120, 180, 180, 270, 365))
        original = deadline = issued_on + timedelta(days=days)
        if rng.random() < 0.05:  # extended once
            deadline = original + timedelta(days=rng.randint(30, 120))
    roll = rng.random()
    if communes and len(communes) >= 3 and roll < 0.12:  # "các xã, thị trấn" lead their share
        chosen_leads = list(communes)
        supports = rng.sample(leads, min(len(leads), rng.randint(1, 2)))
        text = "Các xã, thị trấn"
    else:
        chosen_leads = rng.sample(leads, min(len(leads), 2 if rng.random() < 0.1 else 1))
        others = [u for u in pool if u not in chosen_leads]
        size = rng.randint(1, 4) if roll < 0.65 else rng.randint(5, 12) if roll < 0.93 else 0
        supports = rng.sample(others, min(len(others), size))
        text = ", ".join(u.short_name or u.name for u in chosen_leads)
    if supports:
        text = f"{text} chủ trì; {len(supports)} đơn vị phối hợp"
    row = {
        "id": task_id,
        "conclusion_id": conclusion_id,
        "seq": seq,
        "content": content,
        "search_text": fold(f"{content} {field}"),
        "field": field,
        "assignees_text": None,
        "assigned_on": issued_on,
        "deadline": deadline,
        "original_deadline": original,
        "created_at": _at(issued_on.toordinal(), 10 * 60),
    }
    return row, chosen_leads, supports, text[:500]


def _extension(
    rng: random.Random, assignment_id: int, issued_on: date, deadline: date | None, admin_id: int
) -> dict[str, Any] | None:
    """About one assignment in forty with a deadline got more time, approved before it fell due;
    the request, as an administrator recorded it for the unit."""
    if deadline is None or rng.random() >= 0.025:
        return None
    asked = max(issued_on + timedelta(days=1), deadline - timedelta(days=rng.randint(3, 20)))
    decided = asked + timedelta(days=rng.randint(1, 5))
    if decided > AS_OF:
        return None
    return {
        "assignment_id": assignment_id,
        "requested_by": admin_id,
        "requested_at": _at(asked.toordinal(), 9 * 60 + rng.randint(0, 420)),
        "current_deadline": deadline,
        "proposed_deadline": deadline + timedelta(days=rng.randint(30, 90)),
        "reason": rng.choice(_EXTENSION_REASONS),
        "status": ExtensionStatus.APPROVED.value,
        "decided_by": admin_id,
        "decided_at": _at(decided.toordinal(), 14 * 60 + rng.randint(0, 120)),
        "decision_note": "Đồng ý gia hạn.",
    }


_EXTENSION_REASONS = (
    "Chờ bố trí kinh phí thực hiện.",
    "Khối lượng công việc lớn, cần thêm thời gian hoàn thiện.",
    "Vướng mắc về mặt bằng, đang phối hợp tháo gỡ.",
)


def _at(day: int, local_minutes: int) -> datetime:
    return _EPOCH + timedelta(minutes=(day - _EPOCH_ORD) * 1440 + local_minutes - _UTC_OFFSET_MIN)


# One update: (at in UTC minutes since 1970, assignment id, from, to, progress, completed_on as an
# ordinal or 0, note, evidence). Sorting the tuples sorts by the moment recorded.
_Update = tuple[int, int, int, int, int, int, str, str | None]


def _history(
    rng: random.Random,
    assignment_id: int,
    assigned: int,
    deadline: int | None,
    limit: int,
    diligence: float,
    lead: bool,
) -> list[_Update]:
    """What one unit reported about one assignment, up to ``limit`` (days as ordinals)."""
    randint, random_ = rng.randint, rng.random
    diligent = diligence > 0.6
    if random_() < (0.03 if diligent else 0.12):
        return []  # never reported: stays "not started"
    start = assigned + randint(2, 20 if diligent else 45)
    plan: list[tuple[int, int, int, int, str]] = [
        (start, _IP, rng.choice((10, 15, 20, 25)), 0, rng.choice(_START_NOTES))
    ]
    progress = plan[0][2]
    if deadline is None:  # standing: a report every three to seven months, never "done"
        day = start
        while True:
            day += randint(90, 210)
            if day > limit:
                break
            roll = random_()
            if roll < 0.01:
                plan.append((day, _CA, progress, 0, _CANCEL_NOTE))
                break
            if roll < 0.05 and plan[-1][1] != _PA:
                plan.append((day, _PA, progress, 0, rng.choice(_PAUSE_NOTES)))
                continue
            progress = min(90, progress + randint(5, 15))
            note = _RESUME_NOTE if plan[-1][1] == _PA else rng.choice(_STANDING_NOTES)
            plan.append((day, _IP, progress, 0, note))
    else:
        roll = random_()
        if roll < 0.008:
            outcome = "cancelled"
        elif roll < diligence:
            outcome = "on_time"
        elif roll < diligence + (1 - diligence) * 0.55:
            outcome = "late"
        elif roll < diligence + (1 - diligence) * 0.85:
            outcome = "open"
        else:
            outcome = "paused"
        if outcome == "on_time":
            finish = deadline - randint(0, max(1, (deadline - start) // 4))
        else:
            finish = deadline + randint(3, 60)
        finish = max(finish, start + 3)
        middle = min(finish, deadline)
        steps = randint(1, 4)
        for index in range(steps):
            gap = middle - start
            if gap < 4:
                break
            progress = min(90, progress + randint(10, 25))
            day = start + gap * (index + 1) // (steps + 1)
            plan.append((day, _IP, progress, 0, rng.choice(_PROGRESS_NOTES)))
        last = plan[-1][0]
        if outcome in ("on_time", "late"):
            if outcome == "late" and lead and last < deadline + 2 < finish:
                plan.append((deadline + 2, _IP, progress, 0, rng.choice(_LATE_NOTES)))
            done_note = _DONE_NOTES[0] if lead else _DONE_NOTES[1]
            plan.append((finish, _DN, 100, finish, done_note))
        elif outcome == "open":
            day = max(last, deadline)
            for _ in range(randint(1, 3)):
                day += randint(20, 150)
                plan.append((day, _IP, progress, 0, rng.choice(_LATE_NOTES)))
        elif outcome == "paused":
            day = max(last, deadline - 10) + 1
            plan.append((day, _PA, progress, 0, rng.choice(_PAUSE_NOTES)))
            if random_() < 0.35:
                day += randint(30, 120)
                plan.append((day, _IP, progress, 0, _RESUME_NOTE))
                day += randint(20, 90)
                plan.append((day, _DN, 100, day, _DONE_NOTES[0 if lead else 1]))
        else:
            day = randint(last + 1, max(last + 1, deadline + 30))
            plan.append((day, _CA, progress, 0, _CANCEL_NOTE))

    updates: list[_Update] = []
    previous, last_at = _NS, 0
    for day, status, progress, completed, note in plan:
        if day > limit:
            break
        recorded = min(day + randint(0, 2), limit)
        at = (recorded - _EPOCH_ORD) * 1440 + randint(7 * 60, 17 * 60 - 1) - _UTC_OFFSET_MIN
        if at <= last_at:
            at = last_at + randint(5, 90)
        last_at = at
        evidence = None
        if status == _DN:
            evidence = (
                f"Báo cáo số {randint(5, 250)}/BC ngày {date.fromordinal(completed):%d/%m/%Y}"
            )
        updates.append((at, assignment_id, previous, status, progress, completed, note, evidence))
        previous = status
    return updates


def _assignment_row(
    assignment_id: int, task_id: int, unit_id: int, role: AssignmentRole, history: list[_Update]
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": assignment_id,
        "task_id": task_id,
        "unit_id": unit_id,
        "role": role.value,
        "status": Status.NOT_STARTED.value,
        "progress": 0,
        "completed_on": None,
        "updated_at": None,
        "version": len(history),
    }
    if history:
        at, _, _, status, progress, completed, _, _ = history[-1]
        row["status"] = _STATUS_VALUE[status]
        row["progress"] = progress
        row["completed_on"] = date.fromordinal(completed) if completed else None
        row["updated_at"] = _EPOCH + timedelta(minutes=at)
    return row


def _update_rows(events: list[_Update], user_id: int) -> Iterator[dict[str, Any]]:
    epoch, minutes, fromordinal, values = (
        _EPOCH,
        timedelta(minutes=1),
        date.fromordinal,
        _STATUS_VALUE,
    )
    for update_id, (
        at,
        assignment_id,
        previous,
        status,
        progress,
        completed,
        note,
        evidence,
    ) in enumerate(events, start=1):
        yield {
            "id": update_id,
            "assignment_id": assignment_id,
            "user_id": user_id,
            "at": epoch + minutes * at,
            "from_status": values[previous],
            "to_status": values[status],
            "progress": progress,
            "completed_on": fromordinal(completed) if completed else None,
            "note": note,
            "evidence": evidence,
        }
