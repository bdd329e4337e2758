"""evaluation reports from the public rubric

Revision ID: c4e8a1f07b52
Revises: c4a5e0f1b2d3
Create Date: 2026-12-03 18:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c4e8a1f07b52"
down_revision = "c4a5e0f1b2d3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evaluation_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_name", sa.String(length=200), nullable=False),
        sa.Column("jurisdiction", sa.String(length=8), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("handled_by", sa.String(length=254), nullable=True),
        sa.Column("bill_slug", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_reports")),
    )
    with op.batch_alter_table("evaluation_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_reports_created_at"), ["created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("evaluation_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_reports_created_at"))
    op.drop_table("evaluation_reports")
