"""assignment.counts_from/counts_until: work handed over in a merger moves on its effective day

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counts_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('counts_until', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('counts_until')
        batch_op.drop_column('counts_from')
