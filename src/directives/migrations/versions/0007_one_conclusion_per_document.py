"""one conclusion per issuer, number and year

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:20:00.000000
"""

import unicodedata
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key(issuer: str, number: str, issued_on: date) -> str:
    """models.conclusion_key as it is at this revision (kept here so the migration never changes
    with the app): year, issuer and number after NFC, case folding and collapsed spaces."""

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return f"{issued_on.year}|{norm(issuer)}|{norm(number)}"


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def upgrade() -> None:
    # Check the data before changing anything: a database with two conclusions of one document
    # is told which ones to correct, and keeps its schema.
    conclusion = sa.table('conclusion', sa.column('id'), sa.column('issuer'),
                          sa.column('number'), sa.column('issued_on'),
                          sa.column('document_key'))
    bind = op.get_bind()
    rows = bind.execute(sa.select(conclusion.c.id, conclusion.c.issuer, conclusion.c.number,
                                  conclusion.c.issued_on).order_by(conclusion.c.id)).all()
    keys: dict[int, str] = {}
    first: dict[str, int] = {}
    twice: list[str] = []
    for row in rows:
        key = _key(row.issuer, row.number, _as_date(row.issued_on))
        keys[row.id] = key
        if key in first:
            twice.append(f"{row.number} ({row.issuer}, ids {first[key]} and {row.id})")
        else:
            first[key] = row.id
    if twice:
        raise RuntimeError(
            "Some conclusions share an issuer, number and year of issue: "
            f"{'; '.join(twice)}. Correct the number or issuer of all but one on the page "
            "Hội nghị, kết luận (nhập tay, sửa), then run the upgrade again."
        )
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_key', sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=True))
    for row_id, key in keys.items():
        bind.execute(conclusion.update().where(conclusion.c.id == row_id)
                     .values(document_key=key))
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.alter_column('document_key', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_conclusion_document_key'),
                                          ['document_key'])


def downgrade() -> None:
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_conclusion_document_key'), type_='unique')
        batch_op.drop_column('document_key')
