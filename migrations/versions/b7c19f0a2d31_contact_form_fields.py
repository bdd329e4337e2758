"""contact form fields

Revision ID: b7c19f0a2d31
Revises: b7c1e4a2d9f3
Create Date: 2026-12-03 13:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7c19f0a2d31"
down_revision = "b7c1e4a2d9f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_form_fields", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("contact_form_fields")
