"""The data change log: per data version, from which day a write changed figures and which
assignments it changed, so cached figures of earlier days and the overview's in-memory store
survive a save that does not touch them

Revision ID: 0017
Revises: 0011
Create Date: 2026-11-30 08:29:29.126843
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Datetimes are naive UTC; directives.models.UTCDateTime adds the zone back on read.
    op.create_table('data_change',
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('assignment_ids', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_data_change'))
    )


def downgrade() -> None:
    op.drop_table('data_change')
