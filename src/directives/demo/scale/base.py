"""The generator's calendar, scale and shared pieces: the day it opens on, the sizes at scale 1.0,
status codes, times in UTC minutes, and the batched insert."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from directives.models import (
    Status,
)

AS_OF = date(2025, 6, 30)
"""The day the generated database opens on, and the last day of its history: the day before
Vietnam's districts were abolished (1 July 2025)."""


FIRST_DAY = date(2016, 1, 4)


UNITS_AT_SCALE_1 = 1_000


ASSIGNMENTS_AT_SCALE_1 = 200_000


MEETINGS_AT_SCALE_1 = 2_500


DISTRICTS_AT_SCALE_1 = 10


BATCH_ROWS = 20_000


UTC_OFFSET_MIN = 7 * 60  # Vietnam has kept UTC+7, without daylight saving, since 1975


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


EPOCH_ORD = date(1970, 1, 1).toordinal()


CREATED_AT = datetime(2016, 1, 1, 1, 0, tzinfo=UTC)


# Status codes used while generating (indexes into STATUSES).
NS, IP, DN, PA, CA = range(5)


STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE, Status.PAUSED, Status.CANCELLED)


STATUS_VALUES = tuple(s.value for s in STATUSES)


@dataclass
class Tally:
    units: int = 0
    meetings: int = 0
    conclusions: int = 0
    tasks: int = 0
    assignments: int = 0
    extensions: int = 0
    updates: int = 0


def insert_rows(conn: Connection, target: sa.Table, rows: Iterable[dict[str, Any]]) -> int:
    """Core executemany in batches; returns the number of rows."""
    total = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            conn.execute(sa.insert(target), batch)
            total += len(batch)
            batch = []
    if batch:
        conn.execute(sa.insert(target), batch)
        total += len(batch)
    return total


def moment(day: int, local_minutes: int) -> datetime:
    return EPOCH + timedelta(minutes=(day - EPOCH_ORD) * 1440 + local_minutes - UTC_OFFSET_MIN)
