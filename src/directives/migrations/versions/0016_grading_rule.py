"""Đánh giá, xếp loại: the versioned grading rule, seeded with the default version

Revision ID: 0016
Revises: 0011
Create Date: 2026-11-30 08:25:49.300768
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0016'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED_DAY = date(2000, 1, 1)  # in force for every period until an administrator saves another


def upgrade() -> None:
    # Datetimes are naive UTC; directives.models.UTCDateTime adds the zone back on read.
    rule = op.create_table('grading_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('lead_weight', sa.Float(), nullable=False),
    sa.Column('support_weight', sa.Float(), nullable=False),
    sa.Column('on_time_points', sa.Float(), nullable=False),
    sa.Column('late_points', sa.Float(), nullable=False),
    sa.Column('overdue_points', sa.Float(), nullable=False),
    sa.Column('early_days', sa.Integer(), nullable=False),
    sa.Column('early_bonus', sa.Float(), nullable=False),
    sa.Column('bonus_cap', sa.Float(), nullable=False),
    sa.Column('returned_penalty', sa.Float(), nullable=False),
    sa.Column('unanswered_penalty', sa.Float(), nullable=False),
    sa.Column('excellent_from', sa.Float(), nullable=False),
    sa.Column('good_from', sa.Float(), nullable=False),
    sa.Column('done_from', sa.Float(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_grading_rule_created_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grading_rule'))
    )
    with op.batch_alter_table('grading_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grading_rule_valid_from'), ['valid_from'], unique=False)

    # The seed rule (the defaults of directives.models.GradingRule): lead 1.0 and support 0.3 as
    # in Bắc Ninh's prototype; on time 100, late 50, overdue 0; +1 per completion 15 days early
    # (at most +5); −2 per returned result, −5 per explanation request left unanswered; classes
    # from 90, 70 and 50.
    op.bulk_insert(rule, [{
        'valid_from': SEED_DAY,
        'lead_weight': 1.0, 'support_weight': 0.3,
        'on_time_points': 100.0, 'late_points': 50.0, 'overdue_points': 0.0,
        'early_days': 15, 'early_bonus': 1.0, 'bonus_cap': 5.0,
        'returned_penalty': 2.0, 'unanswered_penalty': 5.0,
        'excellent_from': 90.0, 'good_from': 70.0, 'done_from': 50.0,
        'note': 'Quy tắc mặc định',
        'created_by': None,
        'created_at': datetime.now(UTC).replace(tzinfo=None),
    }])


def downgrade() -> None:
    with op.batch_alter_table('grading_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grading_rule_valid_from'))

    op.drop_table('grading_rule')
