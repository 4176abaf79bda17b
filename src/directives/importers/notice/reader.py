"""The notice as a whole: header, then every item after the first lead-in, each read into one
or more proposed tasks with their deadlines and warnings."""

import re
from dataclasses import dataclass, replace
from datetime import date

from directives.formatting import number
from directives.importers.deadlines import Deadline, find_deadlines, without_phrase
from directives.importers.documents import check_length
from directives.importers.notice.clauses import ClauseReader
from directives.importers.notice.header import meeting_named, opening_day, read_header
from directives.importers.notice.paragraphs import (
    CLOSING,
    ITEM_MARK,
    SENTENCE_END,
    is_directive,
    is_heading,
    is_lead_in,
    sentence,
    split_outside_quotes,
    split_paragraphs,
)
from directives.importers.notice.shapes import (
    WARNING_ORDER,
    Document,
    Proposal,
    ProposedTask,
    Warning,
)
from directives.importers.notice.vocabulary import DEADLINE_FILLER
from directives.importers.unit_names import Named, UnitDirectory
from directives.services.errors import InvalidInput
from directives.text import fold, nfc


@dataclass
class _Draft:
    leads: list[Named]
    supports: list[Named]
    parts: list[str]
    source: str
    inherited: bool = False


MAX_TASKS = 2_000
"""Tasks a notice may give (a long one gives 60): reading stops with a refusal past it."""


def extract(text: str, directory: UnitDirectory, issued: date | None = None) -> Proposal:
    """The proposed tasks of the notice ``text``; ``issued`` overrides the header's date.

    Raises :class:`~directives.services.errors.InvalidInput` for a text longer than
    :data:`~directives.importers.documents.MAX_CHARS` or giving more than :data:`MAX_TASKS`
    tasks; otherwise the work is about linear in the text's length."""
    check_length(text)
    lines = [
        line.rstrip() for line in nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    document, body_start = read_header(lines, directory)
    paragraphs = split_paragraphs(lines[body_start:])
    document = replace(
        document,
        date=issued or document.date,
        held_on=opening_day(paragraphs),
        meeting=meeting_named(document.title),
    )
    reader = ClauseReader(directory)
    tasks: list[ProposedTask] = []
    started = not any(is_lead_in(p) for p in paragraphs)
    top_context: list[Named] | None = None  # None: the lead-in gives no work at all
    top_supports: list[Named] = []
    item_context: list[Named] | None = None
    item_supports: list[Named] = []
    skipping = False
    for paragraph in paragraphs:
        folded = fold(paragraph).strip()
        if CLOSING.match(folded):
            break
        if is_heading(paragraph):
            skipping = bool(re.search(r"danh gia|ket qua", folded)) and "nhiem vu" not in folded
            started = started or not skipping
            top_context, item_context = [], None
            continue
        mark = ITEM_MARK.match(paragraph)
        body = paragraph[mark.end() :] if mark else paragraph
        if is_lead_in(paragraph):
            assignment = reader.assignment(body, prose=False)
            units = assignment.leads if assignment else []
            supports = assignment.supports if assignment else []
            directive = is_directive(folded)
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
            if context is None:  # under "Dự hội nghị có:" and the like: only work given by name
                tasks.extend(_item(reader, body, [], [], prose=True, document=document))
            else:
                tasks.extend(_item(reader, body, context, supports, prose=False, document=document))
        else:
            tasks.extend(_prose(reader, paragraph, document))
        if len(tasks) > MAX_TASKS:
            raise _too_many()
    return Proposal(document, _without_restatements(tasks))


GENERIC_WORK = re.compile(r"(khan truong |nghiem tuc |to chuc )*(trien khai )?thuc hien\W*")
"""Work that is no work of its own: "(khẩn trương) triển khai thực hiện"."""


def _without_restatements(tasks: list[ProposedTask]) -> list[ProposedTask]:
    """The tasks without a closing "… yêu cầu Giám đốc Sở A khẩn trương triển khai thực hiện"
    that only asks units already given the work above to do it (no partner, no deadline)."""
    kept: list[ProposedTask] = []
    given: set[str] = set()
    for task in tasks:
        names = {named.name for named in task.leads}
        restated = kept and names and names <= given and not task.supports
        if restated and task.deadline is None and GENERIC_WORK.fullmatch(fold(task.text)):
            continue
        kept.append(task)
        given |= names
    return kept


def _prose(reader: ClauseReader, paragraph: str, document: Document) -> list[ProposedTask]:
    """The tasks of a prose paragraph, sentence by sentence. A sentence that gives no one work
    but has a deadline finishes the sentence before it when that one has none: "Giao A kiểm tra
    …. Báo cáo UBND tỉnh kết quả trước ngày 25/3/2023." """
    year = document.date.year if document.date else None
    tasks: list[ProposedTask] = []
    before, before_tasks = "", 0
    for said in SENTENCE_END.split(paragraph):
        found = _item(reader, said, [], [], prose=True, document=document)
        if found:
            tasks.extend(found)
            before, before_tasks = said, len(found)
            continue
        last = tasks[-before_tasks:] if before_tasks else []
        undated = last and all(t.deadline is None and not t.standing for t in last)
        if undated and any(d.day is not None for d in find_deadlines(said, year)):
            joined = _item(reader, f"{before} {said}", [], [], prose=True, document=document)
            if len(joined) == before_tasks:
                tasks[-before_tasks:] = joined
        before, before_tasks = "", 0
    return tasks


def _too_many() -> InvalidInput:
    return InvalidInput(
        "nội dung thông báo",
        f"có hơn {number(MAX_TASKS)} nhiệm vụ, quá giới hạn của một thông báo; "
        "hãy tách thành nhiều thông báo.",
    )


def _item(
    reader: ClauseReader,
    text: str,
    context: list[Named],
    context_supports: list[Named],
    *,
    prose: bool,
    document: Document,
) -> list[ProposedTask]:
    drafts: list[_Draft] = []
    for segment in split_outside_quotes(text, ";"):
        segment = segment.strip()
        if not segment:
            continue
        assignment = reader.assignment(segment, prose=prose and not drafts)
        if assignment is not None:
            drafts.append(_Draft(assignment.leads, assignment.supports, [assignment.action], text))
            if len(drafts) > MAX_TASKS:
                raise _too_many()
        elif drafts:
            drafts[-1].parts.append(segment)
        elif not prose:
            drafts.append(
                _Draft(list(context), list(context_supports), [segment], text, inherited=True)
            )
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
            if DEADLINE_FILLER.match(fold(rest)) and part is not draft.parts[0]:
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
        text=sentence(" ; ".join(draft.parts)),
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
