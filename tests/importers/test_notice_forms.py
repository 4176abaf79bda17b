"""Forms seen in real notices that the made-up ones of ``tests/notices`` lacked: the date and the
issuer come from the header only; names the directory does not know are kept whole; deadlines in
the next sentence; a person's office standing for the unit that person heads."""

from datetime import date

from directives.importers.notice import Proposal, extract
from directives.importers.unit_names import UnitDirectory, UnitRecord

PROVINCE = UnitDirectory(
    [
        UnitRecord("Ủy ban nhân dân tỉnh", short_name="UBND tỉnh", id=1),
        UnitRecord("Sở Tài chính", id=2),
        UnitRecord("Sở Nội vụ", id=3),
        UnitRecord("Sở Xây dựng", id=4),
        UnitRecord("Văn phòng UBND tỉnh", id=5),
    ],
    date(2023, 3, 1),
)


def read(text: str) -> Proposal:
    return extract(text, PROVINCE)


def test_the_date_comes_from_the_header_not_from_a_cited_document() -> None:
    proposal = read(
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nSố: 52/TB-UBND\n"
        "Thực hiện Công văn số 11/BXD-QLN, ngày 05/01/2023 của Bộ Xây dựng, Chủ tịch UBND tỉnh "
        "có ý kiến như sau:\n"
        "Giao Sở Xây dựng chủ trì kiểm tra, hoàn thành trước ngày 30/3/2023.\n"
    )
    assert proposal.document.date is None  # left for the reviewer, never a cited or due day
    assert proposal.document.issuer == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert [t.deadline for t in proposal.tasks] == [date(2023, 3, 30)]


def test_the_issuer_is_a_body_in_capitals_never_a_paragraph() -> None:
    proposal = read(
        "VĂN PHÒNG UBND TỈNH\nVề việc xử lý kiến nghị của doanh nghiệp\n"
        "Quảng Trị, ngày 14 tháng 3 năm 2023\n"
        "Giao Sở Tài chính chủ trì rà soát.\n"
    )
    assert proposal.document.issuer == "Văn phòng UBND tỉnh"
    assert proposal.document.date == date(2023, 3, 14)
