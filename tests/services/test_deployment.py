"""The deployment's identity (services/deployment.py): set by an administrator or by init-db,
audited, refused in Vietnamese field by field; and the unit kinds' blocs that a province's and a
commune's units need."""

from datetime import date

import pytest
from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import AuditLog, Bloc, Role, UnitKind, User
from directives.services import accounts, deployment
from directives.services.errors import InvalidInput, PermissionDenied, Rejected
from directives.services.units import create_unit

PASSWORD = "mat-khau-thu-nghiem"


def test_the_identity_is_set_by_an_admin_only_and_audited(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine, write=True) as session:
        assert deployment.current(session=session) == deployment.UNSET
        leader = accounts.create_user(
            session=session,
            username="lanhdao",
            full_name="Lãnh đạo",
            password=PASSWORD,
            role=Role.LEADER,
        )
        with pytest.raises(PermissionDenied, match="quản trị viên"):
            deployment.set_identity(leader, session=session, level="tinh", issuers=["UBND tỉnh"])
        who = deployment.set_identity(
            None, session=session, level="tinh", issuers=["  UBND tỉnh  Quảng Trị", ""]
        )
        assert who == deployment.Deployment("tinh", ("UBND tỉnh Quảng Trị",), "tỉnh Quảng Trị")
        assert deployment.current(session=session) == who
        entry = session.exec(select(AuditLog).where(AuditLog.action == "deployment.set")).one()
        assert entry.after is not None and "Quảng Trị" in entry.after
    engine.dispose()


@pytest.mark.parametrize(
    ("level", "issuers", "field"),
    [
        ("huyện", ["UBND tỉnh Quảng Trị"], "cấp"),
        ("tinh", [], "cơ quan ban hành"),
        ("tinh", ["UBND tỉnh Quảng Trị", "ubnd tỉnh quảng trị"], "cơ quan ban hành"),
        ("xa", ["Đ" * 201], "cơ quan ban hành"),
    ],
    ids=["unknown-level", "no-issuer", "twice", "too-long"],
)
def test_a_wrong_identity_is_refused_in_vietnamese(
    db_url: str, level: str, issuers: list[str], field: str
) -> None:
    engine = make_engine(db_url)
    with session_scope(engine, write=True) as session:
        with pytest.raises(Rejected) as refused:
            deployment.set_identity(None, session=session, level=level, issuers=issuers)
        assert [p.field for p in refused.value.problems] == [field]
        assert deployment.current(session=session) == deployment.UNSET
    engine.dispose()


def test_the_place_is_read_from_the_first_issuer() -> None:
    assert deployment.place_from("UBND tỉnh Quảng Trị") == "tỉnh Quảng Trị"
    assert deployment.place_from("Ủy ban nhân dân xã Hải Lăng") == "xã Hải Lăng"
    assert deployment.place_from("Đảng ủy xã Hải Lăng") == "xã Hải Lăng"
    assert deployment.place_from("Tỉnh ủy Quảng Trị") == "Quảng Trị"


def test_the_identity_makes_no_account(db_url: str) -> None:
    """The identity lives in app_meta only: no account or unit is made by setting it."""
    engine = make_engine(db_url)
    with session_scope(engine, write=True) as session:
        deployment.set_identity(None, session=session, level="xa", issuers=["Đảng ủy xã A"])
        assert session.exec(select(User)).first() is None
    engine.dispose()


@pytest.mark.usefixtures("cheap_hashing")
def test_blocs_of_departments_and_organizations(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine, write=True) as session:
        admin = accounts.create_user(
            session=session, username="quantri", full_name="Quản trị", password=PASSWORD,
            role=Role.ADMIN,
        )  # fmt: skip
        day = date(2025, 7, 1)
        finance = create_unit(
            admin, "Sở Tài chính", UnitKind.DEPARTMENT, None, None, day, session=session
        )
        assert finance.bloc == Bloc.GOVERNMENT, "a department is of the government by default"
        board = create_unit(
            admin, "Ban Tuyên giáo và Dân vận Tỉnh ủy", UnitKind.DEPARTMENT, Bloc.PARTY, None, day,
            session=session,
        )  # fmt: skip
        assert board.bloc == Bloc.PARTY
        with pytest.raises(InvalidInput) as missing:
            create_unit(
                admin, "Hội Nông dân tỉnh", UnitKind.ORGANIZATION, None, None, day, session=session
            )
        assert missing.value.message == "cơ quan, tổ chức phải thuộc một khối."
        with pytest.raises(InvalidInput) as extra:
            create_unit(
                admin, "Phường Đông Hà", UnitKind.WARD, Bloc.GOVERNMENT, None, day, session=session
            )
        assert "huyện" not in extra.value.message
        assert extra.value.field == "khối"
    engine.dispose()
