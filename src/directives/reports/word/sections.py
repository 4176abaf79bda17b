"""The report's sections: I. the overall figures (with the previous period), II. the units, worst
first within each group, III. the overdue assignments."""

import pandas as pd
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH

from directives import formatting
from directives.i18n import label, ui
from directives.models import AssignmentRole
from directives.reports.word.data import ReportData
from directives.reports.word.docx_parts import (
    DASH,
    GROUP_FILL,
    TEXT_WIDTH_CM,
    Line,
    add_heading,
    add_paragraph,
    data_table,
)
from directives.status import Counts, Derived

# Section I lists every derived status that has assignments, in reading order: done, still
# running, standing, overdue, then those left out of the rates.
FIGURE_ORDER: tuple[Derived, ...] = (
    Derived.DONE_ON_TIME,
    Derived.DONE_LATE,
    Derived.AWAITING,
    Derived.IN_PROGRESS,
    Derived.DUE_SOON,
    Derived.NOT_STARTED,
    Derived.NO_DEADLINE,
    Derived.OVERDUE,
    Derived.PAUSED,
    Derived.CANCELLED,
)


ALWAYS_SHOWN = {
    Derived.DONE_ON_TIME,
    Derived.DONE_LATE,
    Derived.IN_PROGRESS,
    Derived.DUE_SOON,
    Derived.NO_DEADLINE,
    Derived.OVERDUE,
}


FIGURE_LABELS: dict[Derived, str] = {
    Derived.DUE_SOON: "Sắp đến hạn (trong 7 ngày tới)",
    Derived.NOT_STARTED: "Chưa triển khai (chưa đến hạn)",
    Derived.NO_DEADLINE: "Nhiệm vụ thường xuyên (không thời hạn)",
    Derived.OVERDUE: "Quá hạn chưa hoàn thành",
}


UNIT_HEADINGS = (
    "STT",
    "Đơn vị",
    "Số lượt giao",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Đang thực hiện",
    "Quá hạn",
    "Tỷ lệ hoàn thành",
)


UNIT_WIDTHS = (1.1, 5.1, 1.6, 1.8, 1.8, 1.8, 1.5, 1.8)


OVERDUE_HEADINGS = (
    "STT",
    "Đơn vị",
    "Nhiệm vụ",
    "Thời hạn",
    "Số ngày quá hạn",
    "Tiến độ",
)


OVERDUE_WIDTHS = (1.1, 3.3, 7.0, 2.3, 1.6, 1.2)


def _count(value: int) -> str:
    return formatting.number(value)


def _change(now: float | None, before: float | None, scale: float = 1, unit: str = "") -> str:
    if now is None or before is None:
        return DASH
    change = (now - before) * scale
    decimals = 1 if scale != 1 else 0
    text = formatting.number(abs(change), decimals)
    if text.strip("0,") == "":
        return f"0{unit}"
    return f"{'+' if change > 0 else '-'}{text}{unit}"


def _sentence_start(text: str) -> str:
    return text[:1].lower() + text[1:]


def _rate_formula(name: str, formula: str, numerator: int, counts: Counts) -> str:
    rate = counts.completion_rate if name == "completion_rate" else counts.on_time_rate
    text = f"{ui(name)} = {_sentence_start(ui(formula))}"
    if rate is None:
        return f"{text}: chưa tính được vì chưa có việc nào đến hạn hoặc đã hoàn thành."
    waiting = f" + {_count(counts.awaiting)} chờ xác nhận" if counts.awaiting else ""
    return (
        f"{text} = {_count(numerator)} ÷ ({_count(counts.done)} + {_count(counts.overdue)}"
        f"{waiting}) = {formatting.percent(rate)}."
    )


def section_figures(document: DocumentObject, data: ReportData) -> None:
    add_heading(document, "I. KẾT QUẢ CHUNG")
    counts, previous = data.current.counts, data.previous
    scope = _scope_sentence(data)
    add_paragraph(document, scope, indent=True)
    if counts.total == 0 and (previous is None or previous.counts.total == 0):
        add_paragraph(
            document,
            "Chưa có nhiệm vụ nào được giao trong phạm vi của báo cáo này.",
            indent=True,
        )
        return
    shown = [
        d
        for d in FIGURE_ORDER
        if d in ALWAYS_SHOWN
        or getattr(counts, d.value)
        or (previous is not None and getattr(previous.counts, d.value))
    ]
    headings = ["STT", "Chỉ tiêu", "Số liệu" if previous is None else data.current.label]
    widths: tuple[float, ...] = (1.1, TEXT_WIDTH_CM - 1.1 - 3.2, 3.2)
    if previous is not None:
        headings += [previous.label, "Tăng, giảm"]
        widths = (1.1, TEXT_WIDTH_CM - 1.1 - 2.6 - 2.6 - 3.4, 2.6, 2.6, 3.4)
    rows: list[Line] = []

    def row(number: str, name: str, now: int, before: int | None, bold: bool = False) -> None:
        cells = [number, name, _count(now)]
        if previous is not None and before is not None:
            cells += [_count(before), _change(now, before)]
        rows.append(Line(cells, bold))

    before_counts = previous.counts if previous is not None else None
    row("1", "Số nhiệm vụ", data.current.tasks, previous.tasks if previous else None, True)
    row(
        "2",
        "Số lượt giao việc cho các đơn vị",
        counts.total,
        before_counts.total if before_counts else None,
        True,
    )
    for derived in shown:
        name = FIGURE_LABELS.get(derived, label("derived", derived.value))
        row(
            "",
            f"- {name}",
            getattr(counts, derived.value),
            getattr(before_counts, derived.value) if before_counts else None,
        )
    for number, name in (("3", "completion_rate"), ("4", "on_time_rate")):
        now_rate: float | None = getattr(counts, name)
        cells = [number, ui(name), formatting.percent(now_rate)]
        if previous is not None:
            before_rate: float | None = getattr(previous.counts, name)
            cells += [
                formatting.percent(before_rate),
                _change(now_rate, before_rate, 100, " điểm %"),
            ]
        rows.append(Line(cells, bold=True))
    aligns = [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.RIGHT] * (
        len(headings) - 2
    )
    data_table(document, headings, widths, aligns, rows)
    add_paragraph(document, after=0)
    add_paragraph(
        document,
        _rate_formula("completion_rate", "completion_formula", counts.done, counts),
        indent=True,
    )
    add_paragraph(
        document,
        _rate_formula("on_time_rate", "on_time_formula", counts.done_on_time, counts),
        indent=True,
    )
    notes = [
        "Việc chưa đến hạn, nhiệm vụ thường xuyên và việc tạm dừng, đã hủy không tính vào tỷ "
        "lệ; việc sắp đến hạn là việc chưa hoàn thành có thời hạn trong 7 ngày tới."
    ]
    if previous is not None:
        notes.append(
            f"Số liệu {previous.label} tính đến ngày {formatting.day(previous.filters.as_of)} "
            f"(cuối kỳ trước); kỳ báo cáo gồm các nhiệm vụ có thời hạn trong kỳ và các nhiệm vụ "
            f"thường xuyên. Tỷ lệ tăng, giảm tính bằng điểm phần trăm."
        )
    if any(
        rate is None
        for figures in (data.current, previous)
        if figures is not None
        for rate in (figures.counts.completion_rate, figures.counts.on_time_rate)
    ):
        notes.append(f"Dấu {DASH}: chưa có việc đến hạn hoặc đã hoàn thành để tính tỷ lệ.")
    for note in notes:
        add_paragraph(document, note, italic=True, indent=True)


def _scope_sentence(data: ReportData) -> str:
    as_of = formatting.day(data.filters.as_of)
    if data.conclusion is not None:
        subject = f"Thông báo kết luận số {data.conclusion.number}"
    elif len(data.conclusion_numbers) == 1:
        subject = f"Thông báo kết luận số {data.conclusion_numbers[0]}"
    elif data.conclusion_numbers:
        listed = ", ".join(data.conclusion_numbers[:8])
        more = len(data.conclusion_numbers) - 8
        listed += f" và {_count(more)} kết luận khác" if more > 0 else ""
        subject = f"{_count(len(data.conclusion_numbers))} thông báo kết luận ({listed})"
    else:
        subject = "các thông báo kết luận"
    counts = data.current.counts
    return (
        f"Tổng hợp từ báo cáo tiến độ của các đơn vị đến hết ngày {as_of}, việc thực hiện "
        f"{subject} gồm {_count(data.current.tasks)} nhiệm vụ với {_count(counts.total)} lượt "
        f"giao việc cho các đơn vị (chủ trì và phối hợp), kết quả như sau:"
    )


def section_units(document: DocumentObject, data: ReportData) -> None:
    add_heading(document, "II. KẾT QUẢ THEO ĐƠN VỊ")
    frame = data.by_unit
    if frame.empty:
        add_paragraph(document, "Chưa có đơn vị nào được giao nhiệm vụ.", indent=True)
        return
    add_paragraph(
        document,
        f"Có {_count(len(frame))} đơn vị được giao nhiệm vụ. Trong mỗi nhóm, đơn vị có tỷ lệ "
        f"hoàn thành thấp nhất, nhiều việc quá hạn nhất xếp trước.",
        indent=True,
    )
    aligns = [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.RIGHT] * 6
    lines: list[Line] = []
    level = data.deployment.level
    groups = (
        ("I", ui("report_local", level=level)),
        ("II", ui("report_organizations", level=level)),
    )
    number = 0
    for group, (roman, heading) in enumerate(groups):
        members = frame[frame["group"] == group]
        if members.empty:
            continue
        lines.append(Line(_unit_cells(roman, heading, members), bold=True, fill=GROUP_FILL))
        for _, unit in members.iterrows():
            number += 1
            lines.append(Line(_unit_cells(str(number), str(unit["unit_name"]), unit)))
    lines.append(Line(_unit_cells("", "Tổng cộng", frame), bold=True, fill=GROUP_FILL))
    data_table(document, UNIT_HEADINGS, UNIT_WIDTHS, aligns, lines)
    notes = [
        "Đang thực hiện: việc chưa hoàn thành, chưa quá hạn, kể cả việc sắp đến hạn và nhiệm vụ "
        "thường xuyên. Tỷ lệ hoàn thành = đã hoàn thành ÷ (đã hoàn thành + quá hạn)."
    ]
    left_out = int(frame[Derived.PAUSED.value].sum() + frame[Derived.CANCELLED.value].sum())
    if left_out:
        notes.append(
            f"Số lượt giao gồm cả {_count(left_out)} lượt tạm dừng hoặc đã hủy, không thuộc "
            f"các cột trạng thái."
        )
    if frame["completion_rate"].isna().any():
        notes.append(f"Dấu {DASH}: đơn vị chưa có việc đến hạn hoặc đã hoàn thành.")
    add_paragraph(document, after=0)
    for note in notes:
        add_paragraph(document, note, italic=True, indent=True)


def _unit_cells(number: str, name: str, rows: pd.DataFrame | pd.Series) -> list[str]:
    """One unit (a Series) or the sum of several (a DataFrame)."""

    def total(column: str) -> int:
        value = rows[column]
        return int(value.sum()) if isinstance(value, pd.Series) else int(value)

    done = total(Derived.DONE_ON_TIME.value) + total(Derived.DONE_LATE.value)
    overdue = total(Derived.OVERDUE.value)
    due = done + overdue + total(Derived.AWAITING.value)  # awaiting confirmation: not done
    rate = done / due if due else None
    return [
        number,
        name,
        _count(total("total")),
        _count(total(Derived.DONE_ON_TIME.value)),
        _count(total(Derived.DONE_LATE.value)),
        _count(total("running")),
        _count(overdue),
        formatting.percent(rate),
    ]


def section_overdue(document: DocumentObject, data: ReportData) -> None:
    add_heading(document, "III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH")
    frame = data.overdue
    as_of = formatting.day(data.filters.as_of)
    if frame.empty:
        add_paragraph(
            document,
            f"Đến hết ngày {as_of}, không có nhiệm vụ nào quá hạn mà chưa hoàn thành.",
            indent=True,
        )
        return
    units = frame["unit_id"].nunique()
    add_paragraph(
        document,
        f"Đến hết ngày {as_of} có {_count(len(frame))} lượt giao việc của {_count(units)} đơn vị "
        f"quá hạn mà chưa hoàn thành, xếp theo thời hạn, việc quá hạn lâu nhất trước:",
        indent=True,
    )
    aligns = [
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    ]
    one_conclusion = data.conclusion is not None or len(data.conclusion_numbers) <= 1
    lines: list[Line] = []
    for number, (_, item) in enumerate(frame.iterrows(), start=1):
        role = label("role", str(item["role"]))
        unit = f"{item['unit_name']}\n({_sentence_start(role)})"
        source = "" if one_conclusion else f", {item['conclusion_number']}"
        task = f"Mục {item['task_seq']}{source}: {item['task_content']}"
        cells = [
            str(number),
            unit,
            task,
            formatting.day(item["deadline"]),
            _count(int(item["days_late"])),
            f"{int(item['progress'])}%",
        ]
        lines.append(Line(cells))
    data_table(document, OVERDUE_HEADINGS, OVERDUE_WIDTHS, aligns, lines)
    add_paragraph(document, after=0)
    lead = AssignmentRole.LEAD.value
    leads = int((frame["role"] == lead).sum())
    add_paragraph(
        document,
        f"Trong đó {_count(leads)} lượt đơn vị chủ trì, {_count(len(frame) - leads)} lượt "
        f"đơn vị phối hợp. Tiến độ theo báo cáo gần nhất của đơn vị.",
        italic=True,
        indent=True,
    )
