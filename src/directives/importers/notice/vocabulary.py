"""The words that steer the reading, folded (no accents, lowercase) as the clause's words are:
what gives work ("giao", "yêu cầu"), what marks a lead or a support, which verbs start the work,
how organisations' names begin. Pure data."""

import re
from collections.abc import Iterable


class Phrases:
    """A set of word sequences, asked whether one starts at a place in a clause's words: a few
    lookups however many phrases the set holds."""

    __slots__ = ("phrases", "widest")

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = frozenset(phrases)
        self.widest = max(len(phrase) for phrase in self.phrases)

    def longest_at(self, words: list[str], index: int) -> tuple[str, ...] | None:
        """The longest phrase at ``words[index:]``, or None."""
        for size in range(min(self.widest, len(words) - index), 0, -1):
            phrase = tuple(words[index : index + size])
            if phrase in self.phrases:
                return phrase
        return None


TRIGGERS = (
    ("giao", "nhiem", "vu", "cho"),
    ("giao", "cho"),
    ("giao",),
    ("yeu", "cau"),
    ("de", "nghi"),
)
TRIGGER_STARTS = {trigger[0] for trigger in TRIGGERS}
LEAD_MARK = ("chu", "tri")
SUPPORT_MARK = ("phoi", "hop")
DIRECTIVE_AFTER_SUBJECT = Phrases(
    [
        ("chu", "tri"),
        ("phoi", "hop"),
        ("tham", "muu"),
        ("co", "trach", "nhiem"),
        ("chiu", "trach", "nhiem"),
        ("can",),
        ("phai",),
        ("khan", "truong"),
        ("chu", "dong"),
        ("chi", "dao"),
        ("tiep", "tuc"),
        ("tap", "trung"),
    ]
)
"""In prose, a sentence that starts with a unit gives it work only if one of these follows:
"Mặt trận Tổ quốc và các đoàn thể phát huy vai trò …" in an assessment gives no one work."""
PAST = {"da", "dat", "duoc", "van", "luon"}
"""A unit followed by these ("Ban Dân vận đã tham mưu") is being assessed, not given work."""
EVALUATIVE = Phrases({("lam",), ("phat", "huy"), ("dat",), ("duy", "tri"), ("co",)})
"""Verbs that, after a unit in prose, usually assess ("Lực lượng vũ trang làm tốt …")."""
VERBS = {
    verb
    for verb in [
        "tiep tuc",
        "tap trung",
        "thuc hien",
        "to chuc",
        "chi dao",
        "tham muu",
        "xay dung",
        "trien khai",
        "ra soat",
        "huong dan",
        "kiem tra",
        "theo doi",
        "don doc",
        "chuan bi",
        "nang cao",
        "day manh",
        "tang cuong",
        "tuyen truyen",
        "van dong",
        "bao cao",
        "lanh dao",
        "khan truong",
        "nghien cuu",
        "de xuat",
        "hoan thanh",
        "giai quyet",
        "quan ly",
        "bo tri",
        "lap",
        "duy tri",
        "phat dong",
        "cung co",
        "kip thoi",
        "chu dong",
        "dam bao",
        "bao dam",
        "quan tam",
        "khac phuc",
        "xu ly",
        "cap nhat",
        "tong hop",
        "ban hanh",
        "co trach nhiem",
        "chiu trach nhiem",
        "can",
        "phai",
        "phoi hop",
        "chu tri",
        "danh gia",
        "so ket",
        "tong ket",
        "dang ky",
        "giam sat",
        "ho tro",
        "thu",
        "nop",
        "gui",
        "trinh",
        "phan cong",
        "xac minh",
        "rut kinh nghiem",
        "lam",
        "sap xep",
        "bo sung",
        "dieu chinh",
        "thong bao",
        "nam",
        "uu tien",
        "huy dong",
        "phoi hop voi",
        "tiep nhan",
        "cap phat",
        "thanh toan",
        "giai ngan",
        "hoan thien",
        "kien toan",
        "quan triet",
        "phat huy",
        "ung pho",
        "phong chong",
        "di doi",
        "bao ve",
        "hoan chinh",
        "soan thao",
        "tham dinh",
        "phe duyet",
        "cong khai",
        "niem yet",
        "thong ke",
        "dieu tra",
        "khao sat",
        "kiem dem",
        "boi thuong",
        "thu hoi",
        "cuong che",
        "ban giao",
        "tham gia",
        "phuc vu",
        "tap huan",
        "boi duong",
        "mo",
        "dua",
        "van hanh",
        "thong nhat",
        "chuan hoa",
        "so hoa",
        "ung dung",
        "nang cap",
        "mua sam",
        "sua chua",
        "tiep can",
        "rut ngan",
        "khoi cong",
        "nghiem thu",
        "quyet toan",
        "thuc thi",
        "tiep thu",
        "day nhanh",
        "khan truong",
        "rut",
        "sua doi",
        "bam sat",
    ]
}
VERB_WORDS = Phrases(tuple(verb.split()) for verb in VERBS)
ORG_HEADS = Phrases(
    tuple(head.split())
    for head in [
        "phong",
        "ban",
        "van phong",
        "hoi",
        "trung tam",
        "chi cuc",
        "doi",
        "cong an",
        "uy ban",
        "dang uy",
        "huyen doan",
        "doan",
        "lien doan",
        "truong",
        "benh vien",
        "kho bac",
        "chi nhanh",
        "thanh tra",
        "mat tran",
        "cuc",
        "so",
        "toa an",
        "vien kiem sat",
        "dien luc",
        "ngan hang",
        "bao hiem",
        "hat",
        "tram",
        "cong ty",
        "hop tac xa",
        "chi bo",
        "dai",
        "quy",
        "xi nghiep",
        "ban quan ly",
        "hoi dong",
        "tieu ban",
        "to",
        "nhom",
        "ban chi dao",
        "to cong tac",
        "ban can su",
        "dang doan",
        "dang bo",
        "thuong truc",
        "ban thuong vu",
        "tinh uy",
        "thanh uy",
        "huyen uy",
        "quan uy",
        "thi uy",
        "bo chi huy",
        "bo",
        "tong cuc",
    ]
)
"""First words of an organisation's name: a capitalised name starting so is taken for a unit
even when it is not in the database (kept as written, with a warning)."""
GROUP_NOUNS = Phrases(
    tuple(noun.split())
    for noun in (
        "xom",
        "thon",
        "to dan pho",
        "chi bo",
        "nha truong",
        "truong",
        "truong hoc",
        "hop tac xa",
        "doanh nghiep",
        "chi hoi",
        "khu dan cu",
        "doan the",
        "hoi",
        "don vi",
        "co quan",
        "thanh vien",
        "tieu ban",
        "to",
        "huyen",
        "thi xa",
        "thanh pho",
        "xa",
        "phuong",
        "thi tran",
        "dac khu",
        "so",
        "ban",
        "nganh",
        "dia phuong",
        "doan the",
        "to chuc",
        "ca nhan",
        "cap",
        "ap",
        "khom",
        "buon",
        "lang",
        "khu pho",
        "ban nganh",
        "phong ban",
        "phong",
    )
)
GROUP_TAILS = Phrases(
    tuple(tail.split())
    for tail in (
        "truc thuoc",
        "lien quan",
        "co lien quan",
        "tren dia ban",
        "thuoc tinh",
        "thuoc huyen",
        "cua tinh",
        "cua huyen",
        "tinh",
        "huyen",
        "xa",
        *(f"chinh tri xa hoi {place}".strip() for place in ("", "tinh", "huyen", "xa")),
    )
)
"""Words that end a group's name: "các đơn vị liên quan", "các sở, ngành thuộc tỉnh"."""
TITLES = Phrases(
    tuple(title.split())
    for title in (
        "giam doc",
        "pho giam doc",
        "tong giam doc",
        "chu tich",
        "pho chu tich",
        "thu truong",
        "truong phong",
        "pho truong phong",
        "truong ban",
        "pho truong ban",
        "chanh van phong",
        "chanh thanh tra",
        "chi cuc truong",
        "cuc truong",
        "bi thu",
        "pho bi thu",
        "chu nhiem",
        "chi huy truong",
        "hieu truong",
    )
)
"""A person's office before a body's name: the work goes to the body that person heads."""
HEADS_OF_GROUPS = Phrases([("truong",), ("thu", "truong"), ("lanh", "dao")])
"""Before "các …", the heads of a group: the work goes to the group ("Trưởng các thôn")."""
SPEECH = Phrases(
    tuple(verb.split())
    for verb in (
        "ket luan",
        "thong bao",
        "nhan manh",
        "phat bieu",
        "ghi nhan",
        "danh gia",
        "bieu duong",
        "co y kien",
        "trinh bay",
        "thong qua",
    )
)
"""After a unit, these report what was said, not work given to it."""
"""After "các", these name a group of bodies given work ("các xóm", "các chi bộ trực thuộc")."""
LOWERCASE_HEADS = Phrases({("bo", "phan"), ("cong", "chuc")})
NAME_BREAKS = {",", ";", ":", "(", ")", '"', "“", "”", ".", "va"}
DEADLINE_FILLER = re.compile(
    r"^(?:va\s+)?(?:hoan thanh|thuc hien|thoi gian thuc hien|thoi gian|thoi han|xong|"
    r"bao cao)?[\s:,.]*$"
)
