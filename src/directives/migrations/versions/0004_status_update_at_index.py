"""index status_update.at for the newest-update check

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 04:38:54.714021
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_status_update_at", "status_update", ["at"])


def downgrade() -> None:
    op.drop_index("ix_status_update_at", table_name="status_update")
