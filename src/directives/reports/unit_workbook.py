"""The units workbook written (:data:`~directives.reports.layout.UNITS`): the "Đơn vị" sheet,
its "Hướng dẫn" sheet, and the hidden "Danh mục" sheet whose column A lists the unit kinds, the
blocs and the unit names, offered as drop-downs (kind and bloc must be one of the list; a
successor may be any name, the list only helps).

:func:`units_template` takes rows keyed like the layout's columns, with ``kind`` and ``bloc`` as
stored codes; they come from :func:`directives.queries.unit_directory.unit_sheet_rows` (an
export) or :func:`directives.importers.catalog.catalog_rows` (the 2025 catalog).
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl.worksheet.datavalidation import DataValidation

from directives import i18n
from directives.reports.layout import BLOC_LABELS, KIND_LABELS, LISTS_SHEET, UNITS
from directives.reports.workbooks import MAX_ROW, _workbook


def _range(first: int, count: int) -> str:
    return f"'{LISTS_SHEET}'!$A${first}:$A${first + max(count, 1) - 1}"


def units_template(rows: Iterable[Mapping[str, Any]] = (), unit_names: Sequence[str] = ()) -> bytes:
    """The units workbook with ``rows`` (none: a blank template); ``unit_names`` (besides the
    rows' own names) are offered for Đơn vị kế thừa."""
    records = [
        {
            **row,
            "kind": i18n.label("unit_kind", row.get("kind")),
            "bloc": i18n.label("bloc", row.get("bloc")),
        }
        for row in rows
    ]
    names = list(dict.fromkeys([*(str(r["name"]) for r in records if r.get("name")), *unit_names]))
    # Column A of the lists sheet: a title, the kinds, the blocs, then the names.
    kinds_at = 2
    blocs_at = kinds_at + len(KIND_LABELS)
    names_at = blocs_at + len(BLOC_LABELS)
    choices = [*KIND_LABELS, *BLOC_LABELS, *names]

    def strict(first: int, labels: Sequence[str], title: str) -> DataValidation:
        validation = DataValidation(
            type="list", formula1=_range(first, len(labels)), allow_blank=True
        )
        validation.error = "Chọn một giá trị trong danh sách: " + "; ".join(labels) + "."
        validation.errorTitle = title
        validation.showErrorMessage = True
        return validation

    kinds = strict(kinds_at, KIND_LABELS, "Loại đơn vị")
    blocs = strict(blocs_at, BLOC_LABELS, "Khối")
    successors = DataValidation(
        type="list", formula1=_range(names_at, len(names)), allow_blank=True
    )
    successors.showErrorMessage = False  # a unit of the same file may be named before it exists
    for validation, key in ((kinds, "kind"), (blocs, "bloc"), (successors, "successor")):
        letter = UNITS.letter(key)
        validation.add(f"{letter}2:{letter}{MAX_ROW}")
    validations = [kinds, blocs] + ([successors] if names else [])
    return _workbook(UNITS, records, validations, lists=("Danh mục", choices))
