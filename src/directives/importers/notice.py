"""From the text of a conclusion notice (thông báo kết luận) to proposed tasks.

A notice has a header (issuer, number, place and date), a title, an opening, a lead-in ending with
a colon ("… kết luận như sau:", "… đề nghị các xã, thị trấn thực hiện tốt các nhiệm vụ sau:"),
the items, and a closing ("… thông báo để các cơ quan, đơn vị biết, thực hiện", "Nơi nhận").
:func:`extract` reads the header, then every item after the first lead-in: numbered or bulleted
items, and sentences of prose paragraphs that give work to someone.

Within an item, work is given in these forms:

- "Giao A chủ trì, phối hợp với B, C <action>" (also "yêu cầu", "đề nghị" instead of "giao");
- subject first: "A phối hợp với B <action>", "A <action>";
- several in one sentence, separated by ";": "giao A tham mưu …; B chỉ đạo …" (one task each); a
  clause that starts with a verb instead continues the task before it;
- nobody named: the units of the lead-in, flagged as inherited; with none there either, flagged.

Nothing is guessed silently: unknown units are kept as written, and every doubt is a
:class:`Warning` for the administrator who reviews the proposal before anything is saved.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from directives.importers.deadlines import (
    Deadline,
    find_deadlines,
    fold_same_length,
    without_phrase,
)
from directives.importers.unit_names import (
    ABBREVIATIONS,
    Named,
    Token,
    UnitDirectory,
    tokenize,
)
from directives.text import fold, nfc

WARNING_ORDER = (
    "unknown_unit",
    "inherited_assignee",
    "no_assignee",
    "bad_date",
    "deadline_before_issue",
)


@dataclass(frozen=True)
class Warning:
    code: str  # one of WARNING_ORDER
    message: str  # in Vietnamese, for the reviewer


Day = date


@dataclass(frozen=True)
class Document:
    number: str | None
    date: date | None
    issuer: str | None
    title: str | None = None
    meeting: str | None = None  # "Hội nghị …" as the title names it
    held_on: Day | None = None  # the first day the opening mentions


@dataclass
class ProposedTask:
    text: str
    leads: list[Named]
    supports: list[Named]
    deadline: date | None
    warnings: list[Warning]
    source: str  # the item as written, for the reviewer
    standing: bool = False  # "thường xuyên"


@dataclass
class Proposal:
    document: Document
    tasks: list[ProposedTask]

    def as_json(self) -> dict[str, Any]:
        """The shape ``directives extract --json`` prints."""
        doc = self.document
        return {
            "document": {
                "number": doc.number,
                "date": doc.date.isoformat() if doc.date else None,
                "issuer": doc.issuer,
            },
            "tasks": [
                {
                    "text": task.text,
                    "lead": ", ".join(named.name for named in task.leads) or None,
                    "leads": [named.name for named in task.leads],
                    "support": [named.name for named in task.supports],
                    "deadline": task.deadline.isoformat() if task.deadline else None,
                    "warnings": [warning.message for warning in task.warnings],
                    "warning_codes": [warning.code for warning in task.warnings],
                }
                for task in self.tasks
            ],
        }


# --- words that steer the reading ------------------------------------------------------------

_TRIGGERS = (
    ("giao", "nhiem", "vu", "cho"),
    ("giao", "cho"),
    ("giao",),
    ("yeu", "cau"),
    ("de", "nghi"),
)
_LEAD_MARK = ("chu", "tri")
_SUPPORT_MARK = ("phoi", "hop")
_DIRECTIVE_AFTER_SUBJECT = (
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
)
"""In prose, a sentence that starts with a unit gives it work only if one of these follows:
"Mặt trận Tổ quốc và các đoàn thể phát huy vai trò …" in an assessment gives no one work."""
_PAST = {"da", "dat", "duoc", "van", "luon"}
"""A unit followed by these ("Ban Dân vận đã tham mưu") is being assessed, not given work."""
_EVALUATIVE = {("lam",), ("phat", "huy"), ("dat",), ("duy", "tri"), ("co",)}
"""Verbs that, after a unit in prose, usually assess ("Lực lượng vũ trang làm tốt …")."""
_VERBS = {
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
    ]
}
_VERB_WORDS = {tuple(verb.split()) for verb in _VERBS}
_ORG_HEADS = {
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
    ]
}
"""First words of an organisation's name: a capitalised name starting so is taken for a unit
even when it is not in the database (kept as written, with a warning)."""
_GROUP_NOUNS = {
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
    )
}
"""After "các", these name a group of bodies given work ("các xóm", "các chi bộ trực thuộc")."""
_LOWERCASE_HEADS = {("bo", "phan"), ("cong", "chuc")}
_NAME_BREAKS = {",", ";", ":", "(", ")", '"', "“", "”", ".", "va"}
_DEADLINE_FILLER = re.compile(
    r"^(?:va\s+)?(?:hoan thanh|thuc hien|thoi gian thuc hien|thoi gian|thoi han|xong|"
    r"bao cao)?[\s:,.]*$"
)
_ITEM_MARK = re.compile(
    r"^\s*(?:(?P<num>\d{1,2})\s*[.)]|(?P<letter>[a-zđ])\s*\)|(?P<bullet>[-–+•*]))\s+"
)
_HEADING_MARK = re.compile(r"^\s*(?:phan\s+)?[ivx]+\s*[.)/-]\s+", re.IGNORECASE)
_CLOSING = re.compile(r"^(?:noi nhan|thong bao (?:de|den|cho)|.{0,80}\bthong bao de\b)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])")


# --- reading one clause -------------------------------------------------------------------------


@dataclass
class _Clause:
    """A clause cut into tokens, with the folded words and the token each word comes from."""

    text: str
    tokens: list[Token]
    words: list[str] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> "_Clause":
        tokens = tokenize(text)
        clause = cls(text, tokens)
        for index, token in enumerate(tokens):
            for word in token.words:
                clause.words.append(word)
                clause.origin.append(index)
        return clause

    def at(self, index: int, words: tuple[str, ...]) -> bool:
        return tuple(self.words[index : index + len(words)]) == words

    def char(self, index: int) -> int:
        """Where word ``index`` starts in the text (the text's end past the last word)."""
        if index >= len(self.words):
            return len(self.text)
        return self.tokens[self.origin[index]].start

    def written(self, start: int, end: int) -> str:
        """Words ``start`` to ``end`` as written."""
        last = self.tokens[self.origin[end - 1]]
        return self.text[self.char(start) : last.end]

    def capitalised(self, index: int) -> bool:
        raw = self.tokens[self.origin[index]].text
        return raw[:1].isupper()


@dataclass
class _Assignment:
    leads: list[Named]
    supports: list[Named]
    action: str


class _Reader:
    def __init__(self, directory: UnitDirectory) -> None:
        self.directory = directory

    # A list of units: "A, B và C", known or looking like an organisation's name.
    def units(
        self, clause: _Clause, start: int, unknown_ok: bool = True
    ) -> tuple[list[Named], int]:
        found: list[Named] = []
        index = start
        while True:
            named, end = self._one_unit(clause, index, unknown_ok)
            if named is None:
                break
            found.append(named)
            index = end
            after = index
            if clause.at(after, (",",)):
                after += 1
            if clause.at(after, ("va",)):
                after += 1
            if after == index or self._one_unit(clause, after, unknown_ok)[0] is None:
                break
            index = after
        return found, index

    def _one_unit(self, clause: _Clause, start: int, unknown_ok: bool) -> tuple[Named | None, int]:
        words = clause.words
        match = self.directory.match(words, start)
        if match is None:  # "UBND các xã Giao An, Giao Lạc": the communes by their bare names
            for prefix in (
                ("uy", "ban", "nhan", "dan", "cac", "xa"),
                ("dang", "uy", "cac", "xa"),
                ("cac", "xa"),
                ("xa",),
            ):
                if clause.at(start, prefix):
                    inner = self.directory.match(words, start + len(prefix))
                    if inner is not None and not inner.named.collective:
                        match = inner
                    break
        if match is not None:
            return match.named, match.end
        if not unknown_ok or start >= len(words):
            return None, start
        group = clause.at(start, ("cac",)) and any(
            clause.at(start + 1, noun) for noun in _GROUP_NOUNS
        )
        lowercase_head = any(clause.at(start, head) for head in _LOWERCASE_HEADS)
        if not group and not lowercase_head:
            if not clause.capitalised(start):
                return None, start
            if not any(clause.at(start, head) for head in _ORG_HEADS):
                return None, start
        if group:
            noun = max((n for n in _GROUP_NOUNS if clause.at(start + 1, n)), key=len)
            end = start + 1 + len(noun)
            if clause.at(end, ("truc", "thuoc")):
                end += 2
        else:
            end = self._name_end(clause, start)
        written = clause.written(start, end).strip(" ,")
        return Named(written, known=False), end

    def _name_end(self, clause: _Clause, start: int) -> int:
        """Where an unknown unit's name that starts at ``start`` ends: before "chủ trì" or
        "phối hợp" if one comes before the next comma, else before the first verb written in
        lower case ("Đội Quản lý thị trường" is a name; "… hoàn chỉnh dự thảo" is work)."""
        words = clause.words
        stop = start + 1
        while stop < len(words) and stop - start < 14 and words[stop] not in _NAME_BREAKS:
            if clause.at(stop, _LEAD_MARK) or clause.at(stop, _SUPPORT_MARK):
                return stop
            stop += 1
        end = start + 1
        while end < stop and (clause.capitalised(end) or not self._verb_at(clause, end)):
            end += 1
        return end

    @staticmethod
    def _verb_at(clause: _Clause, index: int) -> bool:
        return any(clause.at(index, verb) for verb in _VERB_WORDS)

    def assignment(self, text: str, prose: bool) -> _Assignment | None:
        """Who is given work in ``text`` and the work; None if nobody is."""
        clause = _Clause.of(text)
        if not clause.words:
            return None
        # "Giao A …" / "Yêu cầu A …" at the start.
        for trigger in _TRIGGERS:
            if clause.at(0, trigger):
                leads, end = self.units(clause, len(trigger))
                if leads:
                    return self._roles(clause, leads, end)
        # Subject first: "A phối hợp với B …", "A tham mưu …".
        leads, end = self.units(clause, 0, unknown_ok=True)
        if leads and self._gives_work(clause, end, prose, all(n.known for n in leads)):
            return self._roles(clause, leads, end)
        # "Đồng chí Chủ tịch yêu cầu A …", "Đồng thời, giao A …" further on.
        for index in range(1, len(clause.words)):
            for trigger in _TRIGGERS:
                if clause.at(index, trigger):
                    leads, end = self.units(clause, index + len(trigger))
                    if leads:
                        return self._roles(clause, leads, end)
        return None

    def _gives_work(self, clause: _Clause, index: int, prose: bool, known: bool) -> bool:
        if index < len(clause.words) and clause.words[index] == ",":
            index += 1
        if index >= len(clause.words) or clause.words[index] in _PAST:
            return False
        if any(clause.at(index, mark) for mark in _DIRECTIVE_AFTER_SUBJECT):
            return True
        if not known or not self._verb_at(clause, index):
            return False
        return not prose or not any(clause.at(index, verb) for verb in _EVALUATIVE)

    def _roles(self, clause: _Clause, leads: list[Named], index: int) -> _Assignment:
        supports: list[Named] = []
        if clause.at(index, (",",)) and (
            clause.at(index + 1, _LEAD_MARK) or clause.at(index + 1, _SUPPORT_MARK)
        ):
            index += 1
        if clause.at(index, _LEAD_MARK):
            index += len(_LEAD_MARK)
            if clause.at(index, (",",)):
                index += 1
        if clause.at(index, _SUPPORT_MARK):
            index += len(_SUPPORT_MARK)
            if clause.at(index, ("voi",)) or clause.at(index, ("cung",)):
                index += 1
            supports, index = self.units(clause, index)
        action = clause.text[clause.char(index) :].strip(" ,:;")
        return _Assignment(leads, supports, action)


# --- the notice ----------------------------------------------------------------------------------


@dataclass
class _Draft:
    leads: list[Named]
    supports: list[Named]
    parts: list[str]
    source: str
    inherited: bool = False


def extract(text: str, directory: UnitDirectory, issued: date | None = None) -> Proposal:
    """The proposed tasks of the notice ``text``; ``issued`` overrides the header's date."""
    lines = [
        line.rstrip() for line in nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    document, body_start = _header(lines, directory)
    paragraphs = _paragraphs(lines[body_start:])
    document = replace(
        document,
        date=issued or document.date,
        held_on=_opening_day(paragraphs),
        meeting=_meeting(document.title),
    )
    reader = _Reader(directory)
    tasks: list[ProposedTask] = []
    started = not any(_is_lead_in(p) for p in paragraphs)
    top_context: list[Named] | None = None  # None: the lead-in gives no work at all
    top_supports: list[Named] = []
    item_context: list[Named] | None = None
    item_supports: list[Named] = []
    skipping = False
    for paragraph in paragraphs:
        folded = fold(paragraph).strip()
        if _CLOSING.match(folded):
            break
        if _is_heading(paragraph):
            skipping = bool(re.search(r"danh gia|ket qua", folded)) and "nhiem vu" not in folded
            started = started or not skipping
            top_context, item_context = [], None
            continue
        mark = _ITEM_MARK.match(paragraph)
        body = paragraph[mark.end() :] if mark else paragraph
        if _is_lead_in(paragraph):
            assignment = reader.assignment(body, prose=False)
            units = assignment.leads if assignment else []
            supports = assignment.supports if assignment else []
            directive = _is_directive(folded)
            if mark and mark.group("num") is not None:
                item_context, item_supports = (
                    (units, supports) if units else (top_context, top_supports)
                )
            elif mark:
                item_context, item_supports = units or item_context, supports
            else:
                started = True
                top_context = units if (units or directive) else None
                top_supports, item_context = supports, None
            continue
        if not started or skipping:
            continue
        if mark:
            if mark.group("num") is not None:
                item_context = None
                context, supports = top_context, top_supports
            else:
                context = item_context if item_context is not None else top_context
                supports = item_supports if item_context is not None else top_supports
            if context is None:
                continue  # items under "Dự hội nghị có:" and the like
            tasks.extend(_item(reader, body, context, supports, prose=False, document=document))
        else:
            for sentence in _SENTENCE_END.split(paragraph):
                tasks.extend(_item(reader, sentence, [], [], prose=True, document=document))
    return Proposal(document, tasks)


def _item(
    reader: _Reader,
    text: str,
    context: list[Named],
    context_supports: list[Named],
    *,
    prose: bool,
    document: Document,
) -> list[ProposedTask]:
    drafts: list[_Draft] = []
    for number, segment in enumerate(_split_outside_quotes(text, ";")):
        segment = segment.strip()
        if not segment:
            continue
        assignment = reader.assignment(segment, prose=prose and not drafts)
        if assignment is not None:
            drafts.append(_Draft(assignment.leads, assignment.supports, [assignment.action], text))
        elif drafts:
            drafts[-1].parts.append(segment)
        elif not prose:
            drafts.append(
                _Draft(list(context), list(context_supports), [segment], text, inherited=True)
            )
        del number
    return _finish(drafts, document)


def _finish(drafts: list[_Draft], document: Document) -> list[ProposedTask]:
    year = document.date.year if document.date else None
    own: list[Deadline | None] = []
    shared: Deadline | None = None
    for draft in drafts:
        chosen: Deadline | None = None
        kept: list[str] = []
        for part in draft.parts:
            found = find_deadlines(part, year)
            if not found:
                kept.append(part)
                continue
            last = found[-1]
            rest = without_phrase(part, last)
            if _DEADLINE_FILLER.match(fold(rest)) and part is not draft.parts[0]:
                shared = last  # "…; hoàn thành trước ngày …": for every task of the item
                continue
            chosen = last
            ends_part = not part[last.end :].strip(" .;,")
            kept.append(rest if ends_part else part)
        draft.parts = kept
        own.append(chosen)
    tasks = []
    for draft, deadline in zip(drafts, own, strict=True):
        deadline = deadline or shared
        tasks.append(_task(draft, deadline, document))
    return tasks


def _task(draft: _Draft, deadline: Deadline | None, document: Document) -> ProposedTask:
    warnings: list[Warning] = []
    for named in draft.leads + draft.supports:
        if not named.known:
            warnings.append(
                Warning("unknown_unit", f"Không tìm thấy đơn vị '{named.name}' trong danh mục.")
            )
        elif not named.active and document.date:
            warnings.append(
                Warning(
                    "unknown_unit",
                    f"Đơn vị '{named.name}' không hoạt động vào ngày {document.date:%d/%m/%Y}.",
                )
            )
    if draft.inherited and draft.leads:
        names = ", ".join(named.name for named in draft.leads)
        warnings.append(
            Warning("inherited_assignee", f"Không ghi đơn vị; lấy theo câu dẫn: {names}.")
        )
    if not draft.leads:
        warnings.append(Warning("no_assignee", "Không xác định được đơn vị thực hiện."))
    day = deadline.day if deadline else None
    if deadline is not None and deadline.problem:
        warnings.append(Warning("bad_date", f"Thời hạn không đọc được: {deadline.problem}."))
    if day is not None and document.date is not None and day < document.date:
        warnings.append(
            Warning(
                "deadline_before_issue",
                f"Thời hạn {day:%d/%m/%Y} trước ngày ban hành {document.date:%d/%m/%Y}.",
            )
        )
    seen: set[str] = set()
    ordered = []
    for code in WARNING_ORDER:
        for warning in warnings:
            if warning.code == code and code not in seen:
                seen.add(code)
                ordered.append(warning)
    return ProposedTask(
        text=_sentence(" ; ".join(draft.parts)),
        leads=_unique(draft.leads),
        supports=[named for named in _unique(draft.supports) if named not in draft.leads],
        deadline=day,
        warnings=ordered,
        source=draft.source.strip(),
        standing=bool(deadline and deadline.standing),
    )


def _unique(names: list[Named]) -> list[Named]:
    seen: set[str] = set()
    result = []
    for named in names:
        if named.name not in seen:
            seen.add(named.name)
            result.append(named)
    return result


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).replace(" ;", ";").strip(" ,;.:")
    return text[:1].upper() + text[1:]


def _split_outside_quotes(text: str, separator: str) -> list[str]:
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


# --- structure: header, paragraphs --------------------------------------------------------------

_MOTTO = re.compile(r"cong hoa|doc lap|dang cong san|tu do|hanh phuc")
_NUMBER = re.compile(r"\bso\s*:?\s*(\d+[^\s,;]*)")
_LONG_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_SHORT_DATE = re.compile(r"ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_PARENT = re.compile(
    r"^(?:dang bo tinh|tinh uy|ubnd tinh|uy ban nhan dan tinh|dang bo huyen|ubnd huyen|"
    r"uy ban nhan dan huyen|huyen uy|dang uy huyen)\b"
)


def _header(lines: list[str], directory: UnitDirectory) -> tuple[Document, int]:
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
        when = _LONG_DATE.search(folded) or _SHORT_DATE.search(folded)
        if when and day is None:
            try:
                day = date(int(when.group(3)), int(when.group(2)), int(when.group(1)))
            except ValueError:
                day = None
        if number_seen or found:
            continue
        left = re.split(r"\s{2,}|\t", line.strip())[0].strip()
        folded_left = fold(left)
        if (
            not re.search(r"\w", left)
            or _MOTTO.search(folded_left)
            or _LONG_DATE.search(folded_left)
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
            _sentence(
                " ".join(
                    _normal_case(line, directory) if line.upper() == line else line
                    for line in title_lines
                )
            )
            if title_lines
            else None
        )
    body_start = title_at + 1 if title_at is not None else 0
    return Document(number, day, issuer, title), body_start


def _opening_day(paragraphs: list[str]) -> date | None:
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
        if _is_lead_in(paragraph):
            return None
    return None


def _meeting(title: str | None) -> str | None:
    """ "Kết luận của … tại Hội nghị tổng kết …" → "Hội nghị tổng kết …"."""
    if not title:
        return None
    found = re.search(r"\b(hội nghị|cuộc họp|phiên họp|buổi làm việc)\b", title, re.IGNORECASE)
    return _sentence(title[found.start() :]) if found else None


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


def _paragraphs(lines: list[str]) -> list[str]:
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
        starts_item = bool(_ITEM_MARK.match(stripped)) or _is_heading(stripped)
        if open_paragraph and not starts_item and paragraphs:
            paragraphs[-1] += " " + stripped
        else:
            paragraphs.append(stripped)
        open_paragraph = not re.search(r"[.:;!?]$", stripped)
    return paragraphs


def _is_heading(paragraph: str) -> bool:
    letters = [char for char in paragraph if char.isalpha()]
    if not letters:
        return False
    if _HEADING_MARK.match(fold(paragraph)) and paragraph.upper() == paragraph:
        return True
    return len(paragraph) < 120 and paragraph.upper() == paragraph and not paragraph.endswith(":")


def _is_lead_in(paragraph: str) -> bool:
    return paragraph.rstrip().endswith(":") and not fold(paragraph).startswith("noi nhan")


def _is_directive(folded: str) -> bool:
    return bool(
        re.search(
            r"ket luan|nhiem vu|yeu cau|de nghi|\bgiao\b|chi dao|thuc hien|trien khai|tap trung|"
            r"noi dung sau|cong viec sau|nhu sau",
            folded,
        )
    )
