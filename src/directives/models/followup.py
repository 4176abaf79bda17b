"""The tables of đôn đốc (following up): messages the product decides, who reads them in the app,
their delivery by email or webhook, formal follow-ups and requests for explanation.

A message is written in the same transaction as the change that decided it (a reminder run, a
follow-up, a request); a worker then delivers its :class:`Delivery` rows. ``Message.key`` makes a
message idempotent: a second run that decides the same message writes nothing.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from directives.models.base import UTCDateTime, enum_column, utcnow


class MessageKind(enum.StrEnum):
    REMINDER = "reminder"  # nhắc hạn: a unit's digest of due-soon and overdue work, once a day
    FOLLOW_UP = "follow_up"  # văn bản đôn đốc lần n
    EXPLANATION_REQUEST = "explanation_request"  # yêu cầu giải trình
    EXPLANATION_ANSWER = "explanation_answer"  # the unit's answer, to whoever asked
    REVIEW = "review"  # the office confirmed or returned a reported result


class Channel(enum.StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"  # POST JSON, signed; an SMS or Zalo gateway consumes it


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; shown to administrators with its reason


class Message(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)  # e.g. reminder:12:2021-10-15
    kind: MessageKind = Field(sa_type=enum_column())
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)  # addressed to
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id", index=True)
    subject: str = Field(max_length=300)
    body: str
    link: str | None = Field(default=None, max_length=300)  # a page of the app, with its query
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")


class InboxItem(SQLModel, table=True):
    """A message in one account's in-app inbox."""

    __tablename__ = "inbox_item"
    __table_args__ = (
        sa.UniqueConstraint("message_id", "user_id"),
        sa.Index("ix_inbox_item_user_read", "user_id", "read_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id")
    user_id: int = Field(foreign_key="app_user.id")
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Delivery(SQLModel, table=True):
    """One message to one address over one channel: the outbox row a worker claims and sends."""

    __table_args__ = (
        sa.UniqueConstraint("message_id", "channel", "address"),
        sa.Index("ix_delivery_status_next", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    channel: Channel = Field(sa_type=enum_column())
    address: str = Field(max_length=300)  # an email address or the webhook's URL
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, sa_type=enum_column())
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=100)  # worker holding it
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=1000)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FollowUp(SQLModel, table=True):
    """A formal follow-up (đôn đốc lần ``seq``) on one assignment."""

    __tablename__ = "follow_up"
    __table_args__ = (sa.UniqueConstraint("assignment_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    seq: int  # lần thứ
    sent_by: int | None = Field(default=None, foreign_key="app_user.id")
    sent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    happened_on: date  # the day it counts from
    note: str | None = None
    message_id: int | None = Field(default=None, foreign_key="message.id")


class ExplanationRequest(SQLModel, table=True):
    """A leader asks the unit to explain a delay (yêu cầu giải trình) by ``due_on``."""

    __tablename__ = "explanation_request"

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    requested_by: int | None = Field(default=None, foreign_key="app_user.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    requested_on: date  # the day it counts from
    due_on: date
    question: str
    message_id: int | None = Field(default=None, foreign_key="message.id")
    answer: str | None = None
    answered_by: int | None = Field(default=None, foreign_key="app_user.id")
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_on: date | None = None
    evidence_id: int | None = Field(default=None, foreign_key="evidence.id")
