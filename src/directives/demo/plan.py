"""The demo's meeting, conclusion notice and tasks, as the notice ``thong-bao-ket-luan.txt`` sets
them. Units are named by slug, or by a collective that expands on the notice's date.

Facts come from the district's 2021 news article (who chaired, the directions set); the notice's
number, dates and the coastal communes of item 7 are illustrative.
"""

from dataclasses import dataclass
from datetime import date

AS_OF = date(2021, 10, 15)
"""The day the demo opens on: Giao Thủy district no longer exists, so "today" is in 2021."""

HISTORY_UNTIL = date(2021, 12, 31)
RANDOM_SEED = 2021
CONFIRMED_UNTIL = date(2021, 9, 24)
"""The office has confirmed the completions reported up to this day (three weeks before
:data:`AS_OF`); the later ones wait for confirmation."""

MEETING = {
    "title": "Hội nghị tổng kết công tác dân vận năm 2020, triển khai nhiệm vụ năm 2021",
    "held_on": date(2021, 1, 7),
    "place": "Hội trường Huyện ủy Giao Thủy",
    "chaired_by": "Đồng chí Nguyễn Thành Mạnh, Phó Bí thư Thường trực Huyện ủy",
    "attendees": (
        "Đồng chí Cao Thành Nam, Ủy viên Ban Thường vụ Huyện ủy, Phó Chủ tịch UBND huyện; "
        "đồng chí Vũ Thị Tuyết Minh, Ủy viên Ban Thường vụ Huyện ủy, Trưởng Ban Dân vận Huyện ủy; "
        "lãnh đạo các cơ quan, ban, ngành, MTTQ và các đoàn thể huyện; "
        "đại diện Đảng ủy và khối dân vận các xã, thị trấn"
    ),
}

CONCLUSION = {
    "number": "215-TB/HU",
    "issued_on": date(2021, 1, 12),
    "issuer": "Huyện ủy Giao Thủy",
    "signer": "Chánh Văn phòng Huyện ủy (T/L Ban Thường vụ)",
    "title": (
        "Kết luận của đồng chí Phó Bí thư Thường trực Huyện ủy tại Hội nghị tổng kết công tác "
        "dân vận năm 2020, triển khai nhiệm vụ năm 2021"
    ),
    "summary": (
        "Hệ thống dân vận tiếp tục đổi mới công tác tham mưu; thực hiện Nghị quyết 25-NQ/TW, "
        'chủ đề năm 2021 "Đẩy mạnh thực hiện quy chế dân chủ ở cơ sở", phong trào "Dân vận khéo"; '
        "phòng, chống dịch Covid-19; vận động giải phóng mặt bằng đường bộ ven biển; nắm tình hình "
        "dịp Đại hội XIII và bầu cử; tổ chức đại hội Phụ nữ, Chữ thập đỏ, Cựu TNXP."
    ),
}

COMMUNES = "các xã, thị trấn"
FRONT = "MTTQ và các đoàn thể"
COASTAL = (
    "giao-thien",
    "giao-an",
    "giao-lac",
    "giao-xuan",
    "giao-hai",
    "giao-long",
    "bach-long",
    "giao-phong",
)


@dataclass(frozen=True)
class PlannedTask:
    seq: int
    field: str
    content: str
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    deadline: date | None
    assignees_text: str
    progress_notes: tuple[str, ...]
    done_note: str
    late_notes: tuple[str, ...] = ()


TASKS: tuple[PlannedTask, ...] = (
    PlannedTask(
        seq=1,
        field="Công tác tham mưu",
        content=(
            "Tiếp tục đổi mới, nâng cao chất lượng và hiệu quả công tác tham mưu cho cấp ủy "
            "các cấp về công tác dân vận"
        ),
        leads=("ban-dan-van",),
        supports=("van-phong-huyen-uy", COMMUNES),
        deadline=None,
        assignees_text="Ban Dân vận Huyện ủy chủ trì; Văn phòng Huyện ủy, các xã, thị trấn",
        progress_notes=(
            "Đã tham mưu chương trình công tác dân vận năm 2021 trình cấp ủy.",
            "Tham mưu văn bản chỉ đạo công tác dân vận dịp bầu cử.",
            "Đã tham mưu sơ kết công tác dân vận 6 tháng đầu năm.",
            "Tiếp tục theo dõi, tham mưu xử lý các vấn đề nảy sinh ở cơ sở.",
        ),
        done_note="Hoàn thành báo cáo công tác tham mưu năm 2021.",
    ),
    PlannedTask(
        seq=2,
        field="Công tác dân vận của Đảng",
        content=(
            "Lãnh đạo, chỉ đạo thực hiện Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành "
            "Trung ương Đảng (khóa XI) về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công "
            "tác dân vận trong tình hình mới; báo cáo kết quả về Ban Thường vụ Huyện ủy (qua Ban "
            "Dân vận)"
        ),
        leads=(COMMUNES,),
        supports=("ban-dan-van", "ban-tuyen-giao"),
        deadline=date(2021, 11, 30),
        assignees_text=(
            "Đảng ủy các xã, thị trấn chủ trì; Ban Dân vận Huyện ủy, Ban Tuyên giáo Huyện ủy"
        ),
        progress_notes=(
            "Đã tổ chức quán triệt Nghị quyết 25 đến các chi bộ.",
            "Đã ban hành kế hoạch thực hiện năm 2021.",
            "Đang tổng hợp kết quả từ các chi bộ, thôn, xóm.",
        ),
        done_note="Đã gửi báo cáo kết quả thực hiện Nghị quyết 25 về Ban Dân vận Huyện ủy.",
        late_notes=("Chậm do các chi bộ nộp báo cáo muộn.",),
    ),
    PlannedTask(
        seq=3,
        field="Dân vận chính quyền",
        content=(
            "Chỉ đạo công tác dân vận của các cơ quan nhà nước, chính quyền các cấp, gắn công tác "
            "dân vận với nhiệm vụ chính trị và phát triển kinh tế - xã hội; nâng cao chất lượng "
            "giải quyết đơn thư khiếu nại, tố cáo của công dân"
        ),
        leads=("ubnd-huyen",),
        supports=("phong-noi-vu", "thanh-tra", "van-phong-hdnd-ubnd"),
        deadline=date(2021, 12, 15),
        assignees_text=(
            "Ủy ban nhân dân huyện chủ trì; Phòng Nội vụ, Thanh tra huyện, "
            "Văn phòng HĐND và UBND huyện"
        ),
        progress_notes=(
            "Đã ban hành kế hoạch công tác dân vận chính quyền năm 2021.",
            "Tổ chức tiếp công dân định kỳ, giải quyết đơn thư đúng thời hạn.",
            "Đã kiểm tra việc thực hiện quy tắc ứng xử tại bộ phận một cửa.",
        ),
        done_note="Hoàn thành; đã tổng hợp báo cáo năm.",
    ),
    PlannedTask(
        seq=4,
        field="Quy chế dân chủ ở cơ sở",
        content=(
            'Thực hiện chủ đề công tác năm 2021 "Đẩy mạnh thực hiện quy chế dân chủ ở cơ sở": '
            "xây dựng kế hoạch, tổ chức thực hiện và sơ kết tại cơ sở"
        ),
        leads=(COMMUNES,),
        supports=("ban-dan-van", "mttq-huyen"),
        deadline=date(2021, 9, 30),
        assignees_text=(
            "Các xã, thị trấn chủ trì; Ban Dân vận Huyện ủy, Ủy ban MTTQ Việt Nam huyện"
        ),
        progress_notes=(
            "Đã ban hành kế hoạch thực hiện chủ đề năm 2021.",
            "Đã tổ chức hội nghị nhân dân ở các thôn, xóm.",
            "Đang chuẩn bị sơ kết việc thực hiện quy chế dân chủ.",
        ),
        done_note="Đã sơ kết, gửi báo cáo về Ban Dân vận Huyện ủy.",
        late_notes=(
            "Chậm sơ kết do phải tập trung phòng, chống dịch Covid-19.",
            "Hội nghị sơ kết phải lùi lịch vì giãn cách.",
        ),
    ),
    PlannedTask(
        seq=5,
        field="Phong trào thi đua",
        content=(
            "Đẩy mạnh các phong trào thi đua yêu nước, trọng tâm là phong trào thi đua "
            '"Dân vận khéo" gắn với Cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô '
            'thị văn minh"; mỗi xã, thị trấn đăng ký và triển khai ít nhất một mô hình "Dân vận '
            'khéo"'
        ),
        leads=(COMMUNES,),
        supports=("mttq-huyen", "phong-nong-nghiep"),
        deadline=date(2021, 6, 30),
        assignees_text=(
            "Các xã, thị trấn chủ trì; Ủy ban MTTQ Việt Nam huyện, "
            "Phòng Nông nghiệp và Phát triển nông thôn"
        ),
        progress_notes=(
            'Đã đăng ký mô hình "Dân vận khéo" với Ban Dân vận Huyện ủy.',
            "Đang triển khai mô hình tại các thôn, xóm.",
            "Vận động nhân dân hiến đất làm đường giao thông nông thôn.",
        ),
        done_note='Mô hình "Dân vận khéo" đã triển khai, có báo cáo kết quả.',
        late_notes=("Chậm đăng ký mô hình do thay đổi cán bộ phụ trách.",),
    ),
    PlannedTask(
        seq=6,
        field="Phòng, chống dịch Covid-19",
        content=(
            "Tập trung tuyên truyền, vận động nhân dân thực hiện nghiêm các biện pháp phòng, "
            "chống dịch Covid-19"
        ),
        leads=(COMMUNES,),
        supports=("phong-y-te", FRONT),
        deadline=None,
        assignees_text="Các xã, thị trấn chủ trì; Phòng Y tế, MTTQ và các đoàn thể",
        progress_notes=(
            "Tuyên truyền trên loa truyền thanh về biện pháp 5K.",
            "Thành lập tổ Covid cộng đồng ở các thôn, xóm.",
            "Vận động nhân dân khai báo y tế, tiêm vắc-xin theo kế hoạch.",
            "Phối hợp quản lý người từ vùng dịch về địa phương.",
        ),
        done_note="Hoàn thành đợt tuyên truyền theo kế hoạch.",
    ),
    PlannedTask(
        seq=7,
        field="Giải phóng mặt bằng",
        content=(
            "Nâng cao trách nhiệm, tuyên truyền, vận động nhân dân trong giải phóng mặt bằng, tạo "
            "điều kiện để tuyến đường bộ ven biển qua địa bàn huyện thi công thuận lợi"
        ),
        leads=COASTAL,
        supports=("phong-tai-nguyen-moi-truong", "phong-kinh-te-ha-tang"),
        deadline=date(2021, 6, 30),
        assignees_text=(
            "UBND các xã Giao Thiện, Giao An, Giao Lạc, Giao Xuân, Giao Hải, Giao Long, "
            "Bạch Long, Giao Phong chủ trì; Phòng Tài nguyên và Môi trường, "
            "Phòng Kinh tế và Hạ tầng"
        ),
        progress_notes=(
            "Đã công khai phương án bồi thường, hỗ trợ.",
            "Đã đối thoại với các hộ có đất bị thu hồi.",
            "Còn một số hộ chưa nhận tiền bồi thường, đang vận động.",
        ),
        done_note="Đã bàn giao mặt bằng cho đơn vị thi công.",
        late_notes=(
            "Còn hộ chưa đồng thuận giá bồi thường, phải đối thoại nhiều lần.",
            "Vướng xác định nguồn gốc đất của một số thửa.",
        ),
    ),
    PlannedTask(
        seq=8,
        field="Nắm tình hình nhân dân, tôn giáo",
        content=(
            "Tăng cường nắm tình hình nhân dân, hoạt động của các tôn giáo, nhất là trong thời "
            "gian diễn ra Đại hội đại biểu toàn quốc lần thứ XIII của Đảng và cuộc bầu cử đại biểu "
            "Quốc hội khóa XV, đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026; báo cáo kết quả"
        ),
        leads=("cong-an", "ban-chqs"),
        supports=(COMMUNES,),
        deadline=date(2021, 5, 31),
        assignees_text=(
            "Công an huyện, Ban Chỉ huy Quân sự huyện chủ trì; các xã, thị trấn phối hợp"
        ),
        progress_notes=(
            "Nắm tình hình trước và trong dịp Đại hội XIII, không phát sinh vụ việc phức tạp.",
            "Phối hợp với các xứ, họ đạo tuyên truyền về bầu cử.",
            "Bảo đảm an ninh trật tự ngày bầu cử 23/5/2021.",
        ),
        done_note="Đã báo cáo kết quả nắm tình hình dịp Đại hội XIII và bầu cử.",
        late_notes=("Báo cáo chậm do chờ tổng hợp từ các thôn, xóm.",),
    ),
    PlannedTask(
        seq=9,
        field="Công tác Mặt trận và đoàn thể",
        content="Chuẩn bị và tổ chức thành công Đại hội đại biểu Phụ nữ huyện nhiệm kỳ 2021 - 2026",
        leads=("hoi-phu-nu",),
        supports=("ban-dan-van", "ban-to-chuc"),
        deadline=date(2021, 6, 30),
        assignees_text=(
            "Hội Liên hiệp Phụ nữ huyện chủ trì; Ban Dân vận Huyện ủy, Ban Tổ chức Huyện ủy"
        ),
        progress_notes=(
            "Đã xây dựng đề án nhân sự và dự thảo báo cáo chính trị.",
            "Đã chỉ đạo đại hội điểm cấp cơ sở.",
        ),
        done_note="Đại hội đã tổ chức thành công.",
    ),
    PlannedTask(
        seq=10,
        field="Công tác Mặt trận và đoàn thể",
        content="Chuẩn bị và tổ chức thành công Đại hội đại biểu Hội Chữ thập đỏ huyện",
        leads=("hoi-chu-thap-do",),
        supports=("ban-dan-van", "phong-y-te"),
        deadline=date(2021, 9, 30),
        assignees_text="Hội Chữ thập đỏ huyện chủ trì; Ban Dân vận Huyện ủy, Phòng Y tế",
        progress_notes=(
            "Đã hoàn thành đại hội chi hội cơ sở.",
            "Đang hoàn thiện văn kiện đại hội.",
        ),
        done_note="Đại hội đã tổ chức thành công.",
        late_notes=("Đại hội lùi lịch do dịch Covid-19.",),
    ),
    PlannedTask(
        seq=11,
        field="Công tác Mặt trận và đoàn thể",
        content="Chuẩn bị và tổ chức thành công Đại hội Hội Cựu thanh niên xung phong huyện",
        leads=("hoi-cuu-tnxp",),
        supports=("ban-dan-van", "phong-ldtbxh"),
        deadline=date(2021, 10, 20),
        assignees_text=(
            "Hội Cựu thanh niên xung phong huyện chủ trì; Ban Dân vận Huyện ủy, "
            "Phòng Lao động - Thương binh và Xã hội"
        ),
        progress_notes=(
            "Đã xây dựng kế hoạch tổ chức đại hội.",
            "Đang chuẩn bị nhân sự ban chấp hành khóa mới.",
        ),
        done_note="Đại hội đã tổ chức thành công.",
    ),
)

SUPPORT_NOTES = (
    "Đã cử cán bộ phối hợp theo yêu cầu của đơn vị chủ trì.",
    "Đã tham gia ý kiến vào dự thảo kế hoạch.",
    "Phối hợp kiểm tra, đôn đốc tại cơ sở.",
)
PAUSE_NOTES = (
    "Tạm dừng các hoạt động tập trung đông người do dịch Covid-19.",
    "Tạm dừng theo chỉ đạo của Ban Chỉ đạo phòng, chống dịch.",
)
OVERDUE_NOTES = (
    "Chưa hoàn thành, đang đôn đốc các thôn, xóm.",
    "Cán bộ phụ trách nghỉ ốm, chưa tổng hợp được.",
    "Còn vướng mắc, đã xin ý kiến chỉ đạo của huyện.",
)
