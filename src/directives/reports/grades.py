"""The grading table out: labelled for people (the page, CSV, Excel), one table for all of them,
and the Excel workbook with the rule beside it. The Word version is ``reports/word/grades.py``."""

import io

import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font

from directives import i18n
from directives.grading import formula, rule_in_words
from directives.queries.grades import Grades
from directives.reports.workbooks import table_workbook

SHEET = "Xếp loại"
RULE_SHEET = "Quy tắc"

SHOWN = [
    ("rank", "grade_rank"),
    ("unit_name", "grade_unit"),
    ("score", "grade_score"),
    ("grade", "grade_class"),
    ("counted", "grade_counted"),
    ("lead_on_time", "grade_lead_on_time"),
    ("lead_late", "grade_lead_late"),
    ("lead_overdue", "grade_lead_overdue"),
    ("support_on_time", "grade_support_on_time"),
    ("support_late", "grade_support_late"),
    ("support_overdue", "grade_support_overdue"),
    ("early", "grade_early"),
    ("returned", "grade_returned"),
    ("unanswered", "grade_unanswered"),
    ("base", "grade_base"),
    ("bonus", "grade_bonus"),
    ("penalty", "grade_penalty"),
]
"""The table's columns and their labels' keys, in order."""


def grade_label(code: object, lang: str = "vi") -> str:
    if code is None or (isinstance(code, float) and code != code):
        return i18n.ui("grade_no_score", lang)
    return i18n.label("grade", str(code), lang)


def labelled(grades: Grades, lang: str = "vi") -> pd.DataFrame:
    """Every unit's row with headings in ``lang`` and the class in words; numbers stay numbers
    (the page and the workbook format them; a unit with nothing counted has no score)."""
    frame = grades.table[[name for name, _ in SHOWN]].copy()
    frame["grade"] = frame["grade"].map(lambda code: grade_label(code, lang))
    return frame.rename(columns={name: i18n.ui(key, lang) for name, key in SHOWN})


def rule_lines(grades: Grades, lang: str = "vi") -> list[str]:
    """The rule in force for the period, its formula and the basis of the results."""
    basis = "grade_confirmed_basis" if grades.confirmed else "grade_reported_basis"
    return [formula(lang), *rule_in_words(grades.rule, lang), i18n.ui(basis, lang)]


def grades_workbook(grades: Grades, lang: str = "vi") -> bytes:
    """Sheet "Xếp loại": the table; sheet "Quy tắc": the period, the rule in words, the formula."""
    book = load_workbook(io.BytesIO(table_workbook(labelled(grades, lang), SHEET)))
    sheet = book.create_sheet(RULE_SHEET)
    sheet.column_dimensions["A"].width = 120
    sheet.append([grades.period.label(lang)])
    sheet["A1"].font = Font(bold=True)
    for line in rule_lines(grades, lang):
        sheet.append([line])
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def grades_csv(grades: Grades, lang: str = "vi") -> bytes:
    from directives.reports.export import csv_safe

    return csv_safe(labelled(grades, lang)).to_csv(index=False).encode("utf-8-sig")
