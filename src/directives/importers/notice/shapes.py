"""What the reader gives back: the notice's document, its proposed tasks, their warnings."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from directives.importers.unit_names import Named

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
