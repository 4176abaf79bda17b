"""Resolving the units a notice names: collectives, slugs, names with either accent placement,
communes named by their committee, and one error naming every unknown part."""

from datetime import date

import pytest
from sqlmodel import Session, select

from directives.models import Bloc, Unit, UnitKind, User
from directives.services import resolution, units
from directives.services.errors import InvalidInput
from directives.services.resolution import resolve_units

NOTICE_DAY = date(2021, 1, 20)  # the demo's conclusion: before the 2024 and 2025 mergers


def slugs(found: list[Unit]) -> list[str]:
    return [unit.slug for unit in found]


def test_collective_of_communes_expands_to_the_22_of_its_day(demo_session: Session) -> None:
    found = resolve_units("các xã, thị trấn", NOTICE_DAY, session=demo_session)
    assert len(found) == 22
    assert {unit.kind for unit in found} == {UnitKind.COMMUNE, UnitKind.TOWN}
    assert "giao-tien" in slugs(found) and "giao-minh" not in slugs(found)
    after_2025 = resolve_units("Các xã, thị trấn.", date(2025, 7, 1), session=demo_session)
    assert len(after_2025) == 7, "seven communes after the mergers of 01/07/2025"


def test_collective_of_the_front_and_a_unit_in_one_list(demo_session: Session) -> None:
    found = resolve_units("MTTQ và các đoàn thể; phong-y-te", NOTICE_DAY, session=demo_session)
    assert {u.bloc for u in found[:-1]} == {Bloc.FRONT}
    assert slugs(found)[-1] == "phong-y-te"
    together = resolve_units(
        "Ban Dân vận Huyện ủy, các xã,thị trấn", NOTICE_DAY, session=demo_session
    )
    assert slugs(together)[0] == "ban-dan-van" and len(together) == 23


def test_slugs_names_and_short_names(demo_session: Session) -> None:
    found = resolve_units(
        "ban-dan-van; Phòng Y tế, UBND huyện, TT Huyện ủy, hoi chu thap do huyen",
        NOTICE_DAY,
        session=demo_session,
    )
    assert slugs(found) == ["ban-dan-van", "phong-y-te", "ubnd-huyen", "tt-huyen-uy",
                            "hoi-chu-thap-do"]  # fmt: skip


def test_accents_case_and_accent_placement_do_not_matter(demo_session: Session) -> None:
    day = date(2025, 8, 1)
    for written in ("Xã Giao Thuỷ", "Xã Giao Thủy", "XA GIAO THUY", "xã giao thuỷ"):
        assert slugs(resolve_units(written, day, session=demo_session)) == ["giao-thuy"], written
    town = resolve_units("Thị trấn Giao Thuỷ", date(2024, 10, 1), session=demo_session)
    assert slugs(town) == ["tt-giao-thuy"]
    hyphens = resolve_units("Phòng Tài chính-Kế hoạch", NOTICE_DAY, session=demo_session)
    assert slugs(hyphens) == ["phong-tai-chinh-ke-hoach"]


def test_communes_by_their_committee_or_bare_name(demo_session: Session) -> None:
    found = resolve_units(
        "UBND xã Giao An, Ủy ban nhân dân xã Giao Lạc; Đảng ủy xã Bạch Long, Giao Hải, "
        "UBND thị trấn Ngô Đồng",
        NOTICE_DAY,
        session=demo_session,
    )
    assert slugs(found) == ["giao-an", "giao-lac", "bach-long", "giao-hai", "ngo-dong"]


def test_and_joins_two_units_but_not_a_name_that_contains_it(demo_session: Session) -> None:
    two = resolve_units(
        "Ban Dân vận Huyện ủy và Ban Tuyên giáo Huyện ủy", NOTICE_DAY, session=demo_session
    )
    assert slugs(two) == ["ban-dan-van", "ban-tuyen-giao"]
    one = resolve_units("Phòng Tài nguyên và Môi trường", NOTICE_DAY, session=demo_session)
    assert slugs(one) == ["phong-tai-nguyen-moi-truong"]


def test_each_unit_once_in_the_order_named(demo_session: Session) -> None:
    found = resolve_units("Xã Giao An, giao-an, các xã, thị trấn", NOTICE_DAY, session=demo_session)
    assert slugs(found)[0] == "giao-an" and len(found) == 22
    assert resolve_units("  ; , ", NOTICE_DAY, session=demo_session) == []


def test_every_unknown_part_is_named_in_one_error(demo_session: Session) -> None:
    with pytest.raises(InvalidInput) as caught:
        resolve_units(
            "Xã Giao Tiên Phong, ban-dan-van; Phòng Không Có, cac xa",
            NOTICE_DAY,
            session=demo_session,
        )
    message = caught.value.message
    assert message.startswith("không tìm thấy đơn vị")
    # A comma separates only where the pieces name known units: unknown parts stay together.
    for part in ("'Xã Giao Tiên Phong'", "'Phòng Không Có, cac xa'"):
        assert part in message
    assert "ban-dan-van" not in message


def test_units_that_do_not_exist_on_the_day_or_are_deactivated(demo_session: Session) -> None:
    with pytest.raises(InvalidInput) as caught:
        resolve_units("Xã Giao Minh", NOTICE_DAY, session=demo_session)
    assert "'Xã Giao Minh'" in caught.value.message and "20/01/2021" in caught.value.message
    admin = demo_session.exec(select(User).where(User.username == "quantri")).one()
    office = units.unit_by_slug("phong-y-te", session=demo_session)
    assert office.id is not None
    units.deactivate_unit(admin, office.id, session=demo_session)
    with pytest.raises(InvalidInput, match="Phòng Y tế"):
        resolve_units("Phòng Y tế", NOTICE_DAY, session=demo_session)


def test_an_ambiguous_bare_name_asks_for_more(demo_session: Session) -> None:
    admin = demo_session.exec(select(User).where(User.username == "quantri")).one()
    units.create_unit(
        admin, "Thị trấn Giao An", UnitKind.TOWN, None, None, None, session=demo_session
    )
    with pytest.raises(InvalidInput, match="nhiều đơn vị"):
        resolve_units("Giao An", NOTICE_DAY, session=demo_session)
    assert slugs(resolve_units("Xã Giao An", NOTICE_DAY, session=demo_session)) == ["giao-an"]


def test_a_long_list_is_read_in_work_proportional_to_its_length(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook cell naming 1,600 units (a province's list) folds each window of parts a
    bounded number of times, not every suffix of the list (which took minutes)."""
    day = date(2021, 1, 12)
    names = [
        u.name
        for u in demo_session.exec(select(Unit)).all()
        if u.kind != UnitKind.DISTRICT and u.is_active and u.valid_on(day)
    ]
    listed = [names[i % len(names)] for i in range(1_600)] + ["các xã, thị trấn"]
    calls = 0
    folding = resolution._name_key

    def counted(text: str) -> str:
        nonlocal calls
        calls += 1
        return folding(text)

    monkeypatch.setattr(resolution, "_name_key", counted)
    found = resolve_units(", ".join(listed), day, session=demo_session)
    assert {u.name for u in found} >= set(names)
    assert calls < 10 * len(listed)


# --- names with commas and "và"; separators --------------------------------------------------


@pytest.fixture
def ministries(demo_session: Session) -> User:
    admin = demo_session.exec(select(User).where(User.username == "quantri")).one()
    for name in ("Bộ Văn hóa, Thể thao và Du lịch", "Sở Nông nghiệp và Môi trường", "Sở Y tế"):
        units.create_unit(admin, name, UnitKind.DEPARTMENT, None, None, None, session=demo_session)
    return admin


LATER = date(2025, 8, 1)


@pytest.mark.usefixtures("ministries")
def test_a_name_with_a_comma_and_va_is_one_unit(demo_session: Session) -> None:
    found = resolve_units("Bộ Văn hóa, Thể thao và Du lịch", LATER, session=demo_session)
    assert [u.name for u in found] == ["Bộ Văn hóa, Thể thao và Du lịch"]
    found = resolve_units("Sở Nông nghiệp và Môi trường", LATER, session=demo_session)
    assert [u.name for u in found] == ["Sở Nông nghiệp và Môi trường"]


@pytest.mark.usefixtures("ministries")
def test_semicolons_and_new_lines_separate_commas_only_between_known_units(
    demo_session: Session,
) -> None:
    text = "Sở Y tế, Bộ Văn hóa, Thể thao và Du lịch\nSở Nông nghiệp và Môi trường; Sở Y tế"
    found = resolve_units(text, LATER, session=demo_session)
    assert [u.name for u in found] == [
        "Sở Y tế",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Sở Nông nghiệp và Môi trường",
    ]
    with pytest.raises(InvalidInput) as caught:
        resolve_units("Sở Y tế, Bộ Tài chính, Ngân sách; Sở Y tế", LATER, session=demo_session)
    assert "'Bộ Tài chính, Ngân sách'" in caught.value.message, "unknown name kept whole"


def test_names_that_fold_alike_are_told_apart_by_their_accents(demo_session: Session) -> None:
    admin = demo_session.exec(select(User).where(User.username == "quantri")).one()
    for name in ("Xã Tân Thành", "Xã Tân Thạnh"):
        units.create_unit(admin, name, UnitKind.COMMUNE, None, None, None, session=demo_session)
    found = resolve_units("Xã Tân Thạnh; xã tân thành", LATER, session=demo_session)
    assert [u.name for u in found] == ["Xã Tân Thạnh", "Xã Tân Thành"]
    with pytest.raises(InvalidInput, match="nhiều đơn vị"):
        resolve_units("Xa Tan Thanh", LATER, session=demo_session)
