"""Names and wording of the generated data: districts, communes, organizations, tasks by field,
and the notes units write with their reports. Synthetic; place names for flavour only."""

from directives.models import (
    Bloc,
)

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


FIRST_NAMES = (
    "Giao", "Hải", "Xuân", "Trực", "Nghĩa", "Nam", "Yên", "Liên", "Minh", "Tân", "Hồng", "Thành",
    "Kim", "Bình", "Phúc", "Quang", "Trung", "Đông", "Tây", "Phú", "Hòa", "Thịnh", "Hưng", "Thái",
    "Mỹ", "Cộng", "Đại", "Hợp", "Điền", "Lộc",
)  # fmt: skip


SECOND_NAMES = (
    "An", "Thiện", "Lạc", "Xuân", "Hải", "Long", "Phong", "Tiến", "Châu", "Hà", "Yến", "Nhân",
    "Thanh", "Hương", "Sơn", "Bắc", "Đông", "Tây", "Hòa", "Thịnh", "Phú", "Lợi", "Tân", "Trung",
    "Minh", "Khang", "Ninh", "Vinh", "Đức", "Thắng",
)  # fmt: skip


# District organizations, most important first (small scales keep only the first few).
DISTRICT_ORGS: tuple[tuple[str, Bloc], ...] = (
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


PROVINCE_ORGS: tuple[tuple[str, Bloc], ...] = (
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


TASKS: dict[str, tuple[str, ...]] = {
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


FIELDS = tuple(TASKS)


START_NOTES = (
    "Đã xây dựng kế hoạch, phân công cán bộ phụ trách.",
    "Đã quán triệt, triển khai đến các chi bộ, thôn, xóm.",
    "Đã ban hành văn bản chỉ đạo thực hiện.",
)


PROGRESS_NOTES = (
    "Đang tổ chức thực hiện theo kế hoạch.",
    "Đã hoàn thành một phần khối lượng, tiếp tục thực hiện.",
    "Đã kiểm tra, đôn đốc tiến độ tại cơ sở.",
    "Đang tổng hợp số liệu, báo cáo kết quả bước đầu.",
)


STANDING_NOTES = (
    "Báo cáo định kỳ: duy trì thực hiện thường xuyên.",
    "Báo cáo định kỳ: kết quả đạt yêu cầu đề ra.",
    "Báo cáo định kỳ: tiếp tục triển khai, chưa phát sinh vướng mắc.",
)


DONE_NOTES = ("Hoàn thành nhiệm vụ được giao.", "Hoàn thành phần việc phối hợp.")


LATE_NOTES = (
    "Chậm tiến độ do vướng mắc về kinh phí, đang kiến nghị tháo gỡ.",
    "Chưa hoàn thành đúng hạn, đang tiếp tục thực hiện.",
    "Còn vướng mắc về mặt bằng, đề nghị gia hạn.",
)


PAUSE_NOTES = (
    "Tạm dừng theo chỉ đạo của cấp trên.",
    "Tạm dừng chờ hướng dẫn, bố trí kinh phí.",
)


RESUME_NOTE = "Tiếp tục thực hiện sau thời gian tạm dừng."


CANCEL_NOTE = "Dừng thực hiện do nhiệm vụ không còn phù hợp."


EXTENSION_REASONS = (
    "Chờ bố trí kinh phí thực hiện.",
    "Khối lượng công việc lớn, cần thêm thời gian hoàn thiện.",
    "Vướng mắc về mặt bằng, đang phối hợp tháo gỡ.",
)
