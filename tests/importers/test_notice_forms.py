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


def names(found: list[object]) -> list[tuple[str, bool]]:
    return [(n.name, n.known) for n in found]  # type: ignore[attr-defined]


def test_an_unknown_name_is_kept_whole_across_va_and_commas() -> None:
    [task] = read(
        "Kết luận:\n1. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với UBND "
        "các huyện, thành phố và Sở Văn hóa, Thể thao và Du lịch rà soát diện tích lúa.\n"
    ).tasks
    assert names(task.leads) == [("Sở Nông nghiệp và Phát triển nông thôn", False)]
    assert names(task.supports) == [
        ("UBND các huyện, thành phố", False),
        ("Sở Văn hóa, Thể thao và Du lịch", False),
    ]
    assert task.text == "Rà soát diện tích lúa"
    assert [w.code for w in task.warnings] == ["unknown_unit"]


def test_a_group_keeps_its_tail_out_of_the_text() -> None:
    [task] = read(
        "Kết luận:\n1. Giao Sở Tài chính chủ trì, phối hợp với các cơ quan, đơn vị liên quan "
        "tham mưu bố trí kinh phí.\n"
    ).tasks
    assert names(task.supports) == [("các cơ quan, đơn vị liên quan", False)]
    assert task.text == "Tham mưu bố trí kinh phí"


def test_a_persons_office_stands_for_the_unit_they_head() -> None:
    first, second = read(
        "Kết luận:\n1. Giao Giám đốc Ban Quản lý dự án đầu tư xây dựng tỉnh chủ động phối hợp "
        "với Sở Xây dựng hoàn thiện hồ sơ.\n2. Yêu cầu Chủ tịch UBND tỉnh Quảng Trị kiểm tra, "
        "xử lý dứt điểm, xong trước ngày 15/4/2023.\n"
    ).tasks
    assert names(first.leads) == [("Ban Quản lý dự án đầu tư xây dựng tỉnh", False)]
    assert names(first.supports) == [("Sở Xây dựng", True)]
    assert first.text == "Hoàn thiện hồ sơ"
    assert names(second.leads) == [("Ủy ban nhân dân tỉnh", True)]
    assert second.deadline == date(2023, 4, 15)


def test_party_boards_as_subjects() -> None:
    first, second = read(
        "Kết luận:\n1. Ban cán sự Đảng UBND tỉnh chỉ đạo rà soát quy hoạch cán bộ.\n"
        "2. Đảng bộ thành phố Đông Hà lãnh đạo thực hiện tốt nhiệm vụ năm 2023.\n"
    ).tasks
    assert names(first.leads) == [("Ban cán sự Đảng UBND tỉnh", False)]
    assert first.text == "Chỉ đạo rà soát quy hoạch cán bộ"
    assert names(second.leads) == [("Đảng bộ thành phố Đông Hà", False)]


def test_a_deadline_in_the_next_sentence_finishes_the_task() -> None:
    [task] = read(
        "Kết luận:\nGiao Sở Xây dựng kiểm tra chất lượng công trình. Báo cáo UBND tỉnh kết quả "
        "trước ngày 25/3/2023. Năm 2023 là năm bản lề.\n"
    ).tasks
    assert task.deadline == date(2023, 3, 25)
    assert task.text == "Kiểm tra chất lượng công trình. Báo cáo UBND tỉnh kết quả"


def test_dash_items_after_a_list_of_attendees_give_work_by_name() -> None:
    tasks = read(
        "Tham dự cuộc họp có:\n- Lãnh đạo Sở Tài chính, Sở Xây dựng.\n"
        "Sau khi nghe báo cáo, Chủ tịch UBND tỉnh nhấn mạnh\n"
        "- Sở Tài chính tham mưu bố trí vốn.\n- Giao Sở Xây dựng kiểm tra hồ sơ.\n"
    ).tasks
    assert [(names(t.leads), t.text) for t in tasks] == [
        ([("Sở Tài chính", True)], "Tham mưu bố trí vốn"),
        ([("Sở Xây dựng", True)], "Kiểm tra hồ sơ"),
    ]


def test_subject_first_clauses_after_yeu_cau_and_after_a_topic() -> None:
    tasks = read(
        "Kết luận:\n1. Về công tác quyết toán: Sở Tài chính tiếp thu ý kiến, hoàn thiện báo cáo "
        "trước ngày 10/4/2023.\n2. Về đầu tư công, Chủ tịch UBND tỉnh yêu cầu: Sở Xây dựng chủ "
        "trì, phối hợp với Sở Nội vụ đẩy nhanh thẩm định hồ sơ; Sở Tài chính đẩy nhanh giải ngân; "
        "Văn phòng UBND tỉnh theo dõi, đôn đốc.\n"
    ).tasks
    assert [(names(t.leads), names(t.supports), t.deadline) for t in tasks] == [
        ([("Sở Tài chính", True)], [], date(2023, 4, 10)),
        ([("Sở Xây dựng", True)], [("Sở Nội vụ", True)], None),
        ([("Sở Tài chính", True)], [], None),
        ([("Văn phòng UBND tỉnh", True)], [], None),
    ]
    assert tasks[1].text == "Đẩy nhanh thẩm định hồ sơ"


def test_groups_as_subjects_and_the_heads_of_a_group() -> None:
    tasks = read(
        "Kết luận:\n- Các phòng, ban và các đơn vị bám sát kế hoạch năm.\n"
        "- Các khu phố tập trung vận động nhân dân.\n"
        "- Yêu cầu Trưởng các bản, làng rà soát hộ nghèo trước ngày 15/4/2023.\n"
        "- Đề nghị các tổ chức chính trị - xã hội tỉnh tuyên truyền sâu rộng.\n"
    ).tasks
    assert [[n.name for n in t.leads] for t in tasks] == [
        ["các phòng, ban", "các đơn vị"],  # a group is no proper name, first word or not
        ["các khu phố"],
        ["các bản, làng"],
        ["các tổ chức chính trị - xã hội tỉnh"],
    ]
    assert [t.text for t in tasks] == [
        "Bám sát kế hoạch năm",
        "Tập trung vận động nhân dân",
        "Rà soát hộ nghèo",
        "Tuyên truyền sâu rộng",
    ]


def test_a_date_in_the_signature_block_when_the_header_has_none() -> None:
    proposal = read(
        "VĂN PHÒNG UBND TỈNH\nSố: 7/TB-VP\nKết luận:\n"
        "1. Giao Sở Tài chính chủ trì rà soát, hoàn thành trước ngày 30/4/2023.\n"
        "Quảng Trị, ngày 20 tháng 3 năm 2023\nKT. CHÁNH VĂN PHÒNG\n"
    )
    assert proposal.document.date == date(2023, 3, 20)
    assert [t.deadline for t in proposal.tasks] == [date(2023, 4, 30)]
