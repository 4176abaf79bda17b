"""What an Excel import did, shared by the two workbook services
(:mod:`directives.services.workbook_updates`, :mod:`directives.services.workbook_tasks`)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, with ``written`` False, would do). ``rows`` counts the non-empty
    rows; each is ``created`` (a new task), ``updated`` (a new status update; a task corrected or
    given more units) or ``unchanged``. ``meetings``, ``conclusions`` and ``assignments`` count
    what the tasks import created besides."""

    kind: str  # "updates" or "tasks"
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    written: bool
    meetings: int = 0
    conclusions: int = 0
    assignments: int = 0

    @property
    def changes(self) -> int:
        """How many rows create or change something (0: the file is what is saved)."""
        return self.created + self.updated

    def __str__(self) -> str:
        parts = []
        if self.kind == "tasks":
            parts.append(f"{self.created} nhiệm vụ mới")
        parts += [f"{self.updated} cập nhật", f"{self.unchanged} không đổi"]
        extra = [
            f"{count} {what} mới"
            for count, what in (
                (self.meetings, "hội nghị"),
                (self.conclusions, "kết luận"),
                (self.assignments, "lượt giao việc"),
            )
            if count
        ]
        verb = "đã lưu" if self.written else "kiểm tra xong, chưa lưu"
        text = f"{self.file}: {self.rows} dòng ({verb}): {', '.join(parts)}"
        return text + (f"; {', '.join(extra)}." if extra else ".")
