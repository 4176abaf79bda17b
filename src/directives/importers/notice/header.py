"""The header of a notice: its number, date and issuer, its title and the meeting it names, and
the day the opening says the meeting was held."""

import re
from datetime import date

from directives.importers.deadlines import fold_same_length
from directives.importers.notice.paragraphs import is_lead_in, sentence
from directives.importers.notice.shapes import Document
from directives.importers.unit_names import ABBREVIATIONS, UnitDirectory
from directives.text import fold

_MOTTO = re.compile(r"cong hoa|doc lap|dang cong san|tu do|hanh phuc")
_NUMBER = re.compile(r"\bso\s*:?\s*(\d+[^\s,;]*)")
_LONG_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_SHORT_DATE = re.compile(r"ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_PARENT = re.compile(
    r"^(?:dang bo tinh|tinh uy|ubnd tinh|uy ban nhan dan tinh|dang bo huyen|ubnd huyen|"
    r"uy ban nhan dan huyen|huyen uy|dang uy huyen|"
    # a centrally-run city is a province's level: "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG" above a commune
    r"dang bo thanh pho|thanh uy|ubnd thanh pho|uy ban nhan dan thanh pho)\b"
)


_PLACE_DATE = re.compile(
    r"(?:^|\s)(?P<place>[a-z][a-z .'-]{0,40}),\s*(?:"
    + _LONG_DATE.pattern
    + "|"
    + _SHORT_DATE.pattern
    + ")"
)
_CITED = re.compile(
    r"\b(?:cong van|quyet dinh|nghi quyet|ke hoach|to trinh|chi thi|ket luan|thong bao|van ban|"
    r"thuc hien|can cu|theo)\b"
)


def _place_and_date(folded: str) -> date | None:
    """The notice's own date from a header line: "Giao Thủy, ngày 12 tháng 01 năm 2021", never a
    date cited in a line ("Thực hiện Công văn số 11/UBND, ngày 05/3/2023 …") or a deadline."""
    for match in _PLACE_DATE.finditer(folded):
        if _CITED.search(folded[: match.start("place")] + match.group("place")):
            continue
        numbers = [group for group in match.groups()[1:] if group is not None]
        try:
            return date(int(numbers[2]), int(numbers[1]), int(numbers[0]))
        except (ValueError, IndexError):
            return None
    return None


def read_header(lines: list[str], directory: UnitDirectory) -> tuple[Document, int]:
    title_at = next(
        (
            i
            for i, line in enumerate(lines)
            if re.match(r"^\s*thong bao\s*$|^\s*thong bao\b.{0,60}$", fold(line)) and i < 40
        ),
        None,
    )
    header_end = title_at if title_at is not None else min(len(lines), 12)
    number = day = None
    issuer_parts: list[str] = []
    number_seen = False
    for line in lines[:header_end]:
        folded = fold_same_length(line)
        found = _NUMBER.search(folded)
        if found and number is None:
            number = line[found.start(1) : found.end(1)].rstrip(".")
            number_seen = True
        if day is None:
            day = _place_and_date(folded)
        if number_seen or found:
            continue
        left = re.split(r"\s{2,}|\t", line.strip())[0].strip()
        folded_left = fold(left)
        if (
            not re.search(r"\w", left)
            or _MOTTO.search(folded_left)
            or _LONG_DATE.search(folded_left)
            or left.upper() != left  # a body's name is set in capitals; prose is not
            or len(left) > 80
        ):
            continue
        issuer_parts.append(left)
    if len(issuer_parts) > 1 and _PARENT.match(fold(issuer_parts[0])):
        issuer_parts = issuer_parts[1:]
    issuer = _normal_case(" ".join(issuer_parts), directory) if issuer_parts else None
    title = None
    if title_at is not None:
        title_lines = []
        for line in lines[title_at + 1 : title_at + 6]:
            if not line.strip() or re.fullmatch(r"[\s\-_*=]+", line):
                break
            title_lines.append(line.strip())
        title = (
            sentence(
                " ".join(
                    _normal_case(line, directory) if line.upper() == line else line
                    for line in title_lines
                )
            )
            if title_lines
            else None
        )
    body_start = title_at + 1 if title_at is not None else 0
    if day is None:  # some notices date themselves in the signature block only
        day = next(
            (signed for line in lines[-15:] if (signed := _place_and_date(fold_same_length(line)))),
            None,
        )
    return Document(number, day, issuer, title), body_start


def opening_day(paragraphs: list[str]) -> date | None:
    """The first day named before the lead-in: the meeting's ("Ngày 07/01/2021, Huyện ủy …")."""
    for paragraph in paragraphs:
        folded = fold_same_length(paragraph)
        when = re.search(r"ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", folded)
        when = when or _LONG_DATE.search(folded)
        if when:
            try:
                return date(int(when.group(3)), int(when.group(2)), int(when.group(1)))
            except ValueError:
                return None
        if is_lead_in(paragraph):
            return None
    return None


def meeting_named(title: str | None) -> str | None:
    """ "Kết luận của … tại Hội nghị tổng kết …" → "Hội nghị tổng kết …"."""
    if not title:
        return None
    found = re.search(r"\b(hội nghị|cuộc họp|phiên họp|buổi làm việc)\b", title, re.IGNORECASE)
    return sentence(title[found.start() :]) if found else None


_PLACE_WORDS = {"huyen", "xa", "tinh", "phuong"}


def _normal_case(text: str, directory: UnitDirectory) -> str:
    """ "HUYỆN ỦY GIAO THỦY" → "Huyện ủy Giao Thủy", "UBND HUYỆN GIAO THỦY" → "UBND huyện Giao
    Thủy"; a unit's own name as the database writes it."""
    text = re.sub(r"\s+", " ", text).strip()
    exact = directory.exact_name(text)
    if exact is not None:
        return exact
    words = text.split()
    out: list[str] = []
    place = False
    for index, word in enumerate(words):
        folded = fold(word)
        following = fold(words[index + 1]) if index + 1 < len(words) else ""
        if folded.replace("-", "").replace("&", "") in ABBREVIATIONS or folded in ("ubnd", "hdnd"):
            out.append(word.upper())
        elif place or index == 0:
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word.lower())
        previous = fold(words[index - 1]) if index else ""
        is_place = folded in _PLACE_WORDS or (folded, previous) in {
            ("tran", "thi"),
            ("pho", "thanh"),
        }
        if is_place and not place:
            if following == "uy":
                out[-1] = out[-1][:1].upper() + out[-1][1:]
            place = True
    result = " ".join(out)
    return re.sub(r"(?<=\w) Ủy\b", " ủy", result).replace("Huyện Ủy", "Huyện ủy")
