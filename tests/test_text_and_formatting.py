"""Vietnamese text handling (normal form, folding, slugs, dictionary order), numbers and dates
the Vietnamese way, and the labels that replace stored codes."""

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from directives import formatting, i18n, text
from directives.models import AssignmentRole, Bloc, Role, Status, UnitKind
from directives.status import Derived


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


# --- text ------------------------------------------------------------------------------------


def test_nfc_composes() -> None:
    decomposed = nfd("Giao Thủy")
    assert decomposed != "Giao Thủy"
    assert text.nfc(decomposed) == "Giao Thủy"
    assert len(text.nfc(decomposed)) == len("Giao Thủy")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("\t \t", None),
        ("  Xã   Giao\tAn  ", "Xã Giao An"),
        (nfd(" Ban Dân vận "), "Ban Dân vận"),
        ("Dòng 1\nDòng 2", "Dòng 1\nDòng 2"),
    ],
)
def test_clean(raw: str | None, expected: str | None) -> None:
    assert text.clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Thủy", "thuy"),
        ("Thuỷ", "thuy"),
        ("Đảng ủy", "dang uy"),
        ("ĐƯỜNG BỘ VEN BIỂN", "duong bo ven bien"),
        ("Hội Liên hiệp Phụ nữ", "hoi lien hiep phu nu"),
        (nfd("Giao Hưng"), "giao hung"),
        ("Các xã, thị trấn", "cac xa, thi tran"),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert text.fold(raw) == expected


def test_accent_placement_folds_alike() -> None:
    assert "Thuỷ" != "Thủy"
    assert text.fold("Giao Thuỷ") == text.fold("Giao Thủy")
    assert text.fold("Hoà") == text.fold("Hòa")
    assert text.slugify("Giao Thuỷ") == text.slugify("Giao Thủy") == "giao-thuy"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Xã Giao Thủy", "xa-giao-thuy"),
        ("Thị trấn Ngô Đồng", "thi-tran-ngo-dong"),
        ("  Ban Chỉ huy Quân sự huyện!  ", "ban-chi-huy-quan-su-huyen"),
        ("Phòng Lao động - Thương binh và Xã hội", "phong-lao-dong-thuong-binh-va-xa-hoi"),
        ("215-TB/HU", "215-tb-hu"),
        ("", ""),
        ("—", ""),
    ],
)
def test_slugify(raw: str, expected: str) -> None:
    assert text.slugify(raw) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Giao An", "Giao Ăn"),
        ("Giao Ăn", "Giao Ân"),
        ("Giao Anh", "Giao Ân"),  # letters before tones and length: a < â decides
        ("Giao Âu", "Giao Bình"),
        ("Dz", "Đa"),
        ("Dương", "Đa"),
        ("Giao Hà", "Giao Hải"),
        ("Giao Hải", "Giao Hương"),
        ("Giao Hương", "Giao Lạc"),
        ("Ô", "Ơ"),
        ("Ơ", "P"),
        ("Uyên", "Ưu"),
        ("Giao", "Giao An"),
    ],
)
def test_sort_key_vietnamese_order(first: str, second: str) -> None:
    assert text.sort_key(first) < text.sort_key(second), f"{first!r} should sort before {second!r}"


def test_sort_key_tone_order() -> None:
    """ngang, huyền, hỏi, ngã, sắc, nặng."""
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=text.sort_key) == tones


def test_sort_key_ignores_case_and_normal_form() -> None:
    assert text.sort_key("GIAO ĂN") == text.sort_key("giao ăn")
    assert text.sort_key(nfd("Giao Thịnh")) == text.sort_key("Giao Thịnh")
    assert text.sort_key(nfd("Ự")) == text.sort_key("ự")


def test_sort_key_sorts_communes() -> None:
    names = ["Xã Giao Yến", "Xã Giao Ân", "Xã Bạch Long", "Xã Giao An", "Xã Giao Hải", "Xã Giao Hà"]
    assert sorted(names, key=text.sort_key) == [
        "Xã Bạch Long",
        "Xã Giao An",
        "Xã Giao Ân",
        "Xã Giao Hà",
        "Xã Giao Hải",
        "Xã Giao Yến",
    ]


def test_accent_placement_sorts_by_letters_alike() -> None:
    old_style, new_style = text.sort_key("Thủy"), text.sort_key("Thuỷ")
    assert old_style[0] == new_style[0], "same letters whichever vowel carries the tone"


@pytest.mark.parametrize(
    ("first", "second"),
    [("Thủy", "Thuý"), ("Hòa", "Hoá")],  # hỏi < sắc, huyền < sắc, marks on different vowels
)
def test_sort_key_tone_order_with_mixed_accent_placement(first: str, second: str) -> None:
    assert text.sort_key(first) < text.sort_key(second)


# --- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "vi", "1.234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (1234567, 0, "vi", "1.234.567"),
        (1234567.891, 2, "vi", "1.234.567,89"),
        (-1234.5, 1, "vi", "-1.234,5"),
        (0, 0, "vi", "0"),
        (0.25, 2, "vi", "0,25"),
        (999, 0, "vi", "999"),
        (None, 0, "vi", "—"),
        (None, 1, "en", "—"),
    ],
)
def test_number(value: float | None, decimals: int, lang: str, expected: str) -> None:
    assert formatting.number(value, decimals, lang) == expected


@pytest.mark.parametrize(
    ("rate", "args", "expected"),
    [
        (0.9052631578947369, (), "90,5%"),
        (1.0, (0,), "100%"),
        (0.0, (), "0,0%"),
        (0.5, (1, "en"), "50.0%"),
        (12.345, (2,), "1.234,50%"),
        (None, (), "—"),
    ],
)
def test_percent(rate: float | None, args: tuple[object, ...], expected: str) -> None:
    assert formatting.percent(rate, *args) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2021, 1, 5), "05/01/2021"),
        (date(2021, 10, 15), "15/10/2021"),
        (date(2021, 12, 31), "31/12/2021"),
        (None, ""),
    ],
)
def test_day(value: date | None, expected: str) -> None:
    assert formatting.day(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2021, 3, 1, 20, 0, tzinfo=UTC), "02/03/2021 03:00"),  # the next day in Hà Nội
        (datetime(2021, 3, 1, 16, 59, tzinfo=UTC), "01/03/2021 23:59"),
        (datetime(2021, 12, 31, 17, 0, tzinfo=UTC), "01/01/2022 00:00"),
        (datetime(2021, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=9))), "01/03/2021 07:00"),
        (None, ""),
    ],
)
def test_moment_is_shown_in_ho_chi_minh_time(value: datetime | None, expected: str) -> None:
    assert formatting.moment(value) == expected


def test_moment_in_another_zone() -> None:
    assert formatting.moment(datetime(2021, 3, 1, 20, 0, tzinfo=UTC), "UTC") == "01/03/2021 20:00"


# --- labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("status", Status),
        ("derived", Derived),
        ("unit_kind", UnitKind),
        ("bloc", Bloc),
        ("role", AssignmentRole),
        ("user_role", Role),
    ],
)
def test_every_code_has_both_labels(kind: str, codes: type) -> None:
    for code in codes:
        vi, en = i18n.label(kind, code.value, "vi"), i18n.label(kind, code.value, "en")
        assert vi and en and vi != code.value, f"{kind}.{code.value} has no label"


def test_labels() -> None:
    assert i18n.label("derived", "overdue") == "Quá hạn"
    assert i18n.label("derived", Derived.DUE_SOON, "en") == "Due within 7 days"
    assert i18n.label("status", "done") == "Hoàn thành"
    assert i18n.label("role", "lead") == "Chủ trì"
    assert i18n.label("status", None) == ""
    assert i18n.label("status", "unknown") == "unknown"
    assert len({i18n.label("derived", d) for d in Derived}) == len(Derived), "labels are distinct"


def test_column_headings() -> None:
    assert i18n.column("deadline") == "Thời hạn"
    assert i18n.column("deadline", "en") == "Deadline"
    assert i18n.column("not_a_column") == "not_a_column"


@pytest.mark.parametrize(
    "table", [i18n.UI, i18n.AUDIT_ENTITY, i18n.AUDIT_FIELD], ids=lambda t: t.name
)
def test_label_files_pair_every_key(table: i18n.LabelFile) -> None:
    """The label files ship with the package and give each key a Vietnamese wording (NFC) and an
    English one."""
    assert len(table) > 5
    for key, (vi, en) in table.items():
        assert vi.strip() and en.strip(), key
        assert unicodedata.is_normalized("NFC", vi), f"{key}: not NFC"
    assert i18n.ui("login") == "Đăng nhập" and i18n.ui("login", "en") == "Log in"
    assert i18n.label("audit_entity", "task") == "Nhiệm vụ"
    assert i18n.label("audit_field", "deadline", "en") == "deadline"


def test_file_errors_are_worded_in_vietnamese(tmp_path) -> None:
    try:
        (tmp_path / "khong-co.txt").read_bytes()
    except OSError as error:
        assert i18n.os_error(error) == f"{tmp_path / 'khong-co.txt'}: không có tệp hoặc thư mục này"
    assert i18n.os_error(OSError(999, "Weird")) == "lỗi hệ thống số 999"
