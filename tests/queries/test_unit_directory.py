"""The database's units as the notice reader knows them: on the notice's own day."""

from datetime import date

from sqlmodel import Session

from directives.queries.unit_directory import propose, unit_directory

NOTICE = (
    "HUYỆN ỦY GIAO THỦY          ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "Số 9-TB/HU                 Giao Thủy, ngày 15 tháng 3 năm {year}\n\nTHÔNG BÁO\n"
    "Kết luận của Thường trực Huyện ủy\n\nThường trực Huyện ủy kết luận như sau:\n\n"
    "1. Giao Thị trấn Ngô Đồng kiểm tra.\n"
)


def test_the_directory_names_units_and_groups(demo_session: Session) -> None:
    directory = unit_directory(demo_session, date(2021, 1, 12))
    found = directory.lookup("UBND xã Giao Hoà")
    assert found is not None and found.name == "Xã Giao Hòa" and found.known
    group = directory.lookup("các xã, thị trấn")
    assert group is not None and group.collective


def test_a_notice_is_read_against_the_units_of_its_own_day(demo_session: Session) -> None:
    before = propose(NOTICE.format(year=2021), demo_session)
    assert before.document.date == date(2021, 3, 15)
    assert [w.code for w in before.tasks[0].warnings] == []
    after = propose(NOTICE.format(year=2025), demo_session)  # merged away in 2024
    assert after.tasks[0].leads[0].name == "Thị trấn Ngô Đồng"
    assert [w.code for w in after.tasks[0].warnings] == ["unknown_unit"]
    assert "không hoạt động" in after.tasks[0].warnings[0].message
