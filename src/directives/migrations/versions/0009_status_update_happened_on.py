"""status_update.happened_on: the day a change happened, beside when it was recorded

Existing updates happened on the day they were recorded (local day of ``at``, Asia/Ho_Chi_Minh,
UTC+7 without daylight saving since 1975).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _drop_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS status_update_no_update")
        op.execute("DROP TRIGGER IF EXISTS status_update_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS status_update_append_only ON status_update")


def _restore_append_only() -> None:
    """As 0001 made them: the database refuses UPDATE and DELETE on status_update."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER status_update_no_{action.lower()} BEFORE {action} ON status_update "
                "BEGIN SELECT RAISE(ABORT, 'status_update is append-only'); END"
            )
    else:
        op.execute(
            "CREATE TRIGGER status_update_append_only BEFORE UPDATE OR DELETE ON status_update "
            "FOR EACH ROW EXECUTE FUNCTION status_update_append_only()"
        )


def upgrade() -> None:
    _drop_append_only()
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('happened_on', sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE status_update SET happened_on = date(at, '+7 hours')")
    else:
        op.execute(
            "UPDATE status_update SET happened_on = "
            "CAST((at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE)"
        )
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.alter_column('happened_on', existing_type=sa.Date(), nullable=False)
        batch_op.create_index(
            'ix_status_update_assignment_happened', ['assignment_id', 'happened_on', 'at']
        )
        batch_op.create_index('ix_status_update_happened_on', ['happened_on'])
    _restore_append_only()


def downgrade() -> None:
    _drop_append_only()
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.drop_index('ix_status_update_happened_on')
        batch_op.drop_index('ix_status_update_assignment_happened')
        batch_op.drop_column('happened_on')
    _restore_append_only()
