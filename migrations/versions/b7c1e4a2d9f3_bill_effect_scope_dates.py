"""Bill effect on qualified immunity, scope, partial dates, session end, companion

Revision ID: b7c1e4a2d9f3
Revises: b7e3c91d5a20
Create Date: 2026-12-03 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c1e4a2d9f3'
down_revision = 'b7e3c91d5a20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bills', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_action_precision', sa.String(length=8), nullable=False, server_default='day'))
        batch_op.add_column(sa.Column('session_end', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('session_end_source', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('qi_effect', sa.String(length=16), nullable=False, server_default='unknown'))
        batch_op.add_column(sa.Column('qi_scope', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('companion', sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table('bills', schema=None) as batch_op:
        batch_op.drop_column('companion')
        batch_op.drop_column('qi_scope')
        batch_op.drop_column('qi_effect')
        batch_op.drop_column('session_end_source')
        batch_op.drop_column('session_end')
        batch_op.drop_column('last_action_precision')
