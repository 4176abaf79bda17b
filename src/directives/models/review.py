"""Kiểm tra: the office's verdict on a reported completion.

A unit's "Hoàn thành" waits for confirmation (chờ xác nhận) until a :class:`Review` confirms it or
returns it. Returning also writes a status update back to "Đang thực hiện", so the stored status
stays the one place the state of an assignment is read from; the review says why.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.
"""

import enum
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from directives.models.base import UTCDateTime, enum_column, utcnow


class Verdict(enum.StrEnum):
    CONFIRMED = "confirmed"  # Đã xác nhận
    RETURNED = "returned"  # Trả lại


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    # the reported completion judged; one verdict each
    status_update_id: int = Field(foreign_key="status_update.id", unique=True)
    verdict: Verdict = Field(sa_type=enum_column())
    reason: str | None = None  # required when returned
    decided_by: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_on: date  # the day it counts from (as-of figures before it see it unconfirmed)
