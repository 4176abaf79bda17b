"""conclusion.meeting_id nullable: a letter of directions (Ý kiến chỉ đạo) has no meeting

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.alter_column('meeting_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # a conclusion with no meeting cannot go back: refuse rather than invent a meeting
    bind = op.get_bind()
    orphans = bind.execute(
        sa.text('SELECT count(*) FROM conclusion WHERE meeting_id IS NULL')
    ).scalar()
    if orphans:
        raise RuntimeError(f'{orphans} conclusions have no meeting; cannot downgrade below 0010')
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.alter_column('meeting_id', existing_type=sa.Integer(), nullable=False)
