"""The body of a notice cut into paragraphs and items: item marks ("1.", "a)", "-"), headings,
lead-ins ending with ":", the closing, sentences; and the small text helpers the reader shares."""

import re

from directives.text import fold

ITEM_MARK = re.compile(
    r"^\s*(?:(?P<num>\d{1,2})\s*[.)]|(?P<letter>[a-zđ])\s*\)|(?P<bullet>[-–+•*]))\s+"
)
HEADING_MARK = re.compile(r"^\s*(?:phan\s+)?[ivx]+\s*[.)/-]\s+", re.IGNORECASE)
CLOSING = re.compile(r"^(?:noi nhan|thong bao (?:de|den|cho)|.{0,80}\bthong bao de\b)")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])")


def sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).replace(" ;", ";").strip(" ,;.:")
    return text[:1].upper() + text[1:]


def split_outside_quotes(text: str, separator: str) -> list[str]:
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(text):
        if char in '"“”':
            quoted = not quoted if char == '"' else char == "“"
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0 and not quoted:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def split_paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs: a line that does not start an item and follows one that does
    not end a sentence is the same paragraph, wrapped."""
    paragraphs: list[str] = []
    open_paragraph = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            open_paragraph = False
            continue
        if re.fullmatch(r"[\-_*=.]{3,}", stripped):
            open_paragraph = False
            continue
        starts_item = bool(ITEM_MARK.match(stripped)) or is_heading(stripped)
        if open_paragraph and not starts_item and paragraphs:
            paragraphs[-1] += " " + stripped
        else:
            paragraphs.append(stripped)
        open_paragraph = not re.search(r"[.:;!?]$", stripped)
    return paragraphs


def is_heading(paragraph: str) -> bool:
    letters = [char for char in paragraph if char.isalpha()]
    if not letters:
        return False
    if HEADING_MARK.match(fold(paragraph)) and paragraph.upper() == paragraph:
        return True
    return len(paragraph) < 120 and paragraph.upper() == paragraph and not paragraph.endswith(":")


def is_lead_in(paragraph: str) -> bool:
    return paragraph.rstrip().endswith(":") and not fold(paragraph).startswith("noi nhan")


def is_directive(folded: str) -> bool:
    return bool(
        re.search(
            r"ket luan|nhiem vu|yeu cau|de nghi|\bgiao\b|chi dao|thuc hien|trien khai|tap trung|"
            r"noi dung sau|cong viec sau|nhu sau",
            folded,
        )
    )
