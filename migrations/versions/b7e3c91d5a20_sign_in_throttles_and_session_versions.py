"""Sign-in throttles, organizer session versions, former people's ids

Wrong sign-ins are counted per email address and client address in a table of
their own (one conditional UPDATE at a time); an organizer's session version
ends every session when raised. The counts on the organizer row go. People a
sync removes leave their id in former_people, to get it back on their return.

Revision ID: b7e3c91d5a20
Revises: e1cbbf81c9b4
Create Date: 2026-12-03 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e3c91d5a20'
down_revision = 'e1cbbf81c9b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_throttles',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('paused_until', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttles'))
    )
    with op.batch_alter_table('sign_in_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttles_updated_at'), ['updated_at'], unique=False)

    op.create_table('former_people',
    sa.Column('source_id', sa.String(length=80), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('left_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('source_id', name=op.f('pk_former_people')),
    sa.UniqueConstraint('person_id', name=op.f('uq_former_people_person_id'))
    )

    with op.batch_alter_table('organizers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('organizers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.drop_column('session_version')

    with op.batch_alter_table('sign_in_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttles_updated_at'))

    op.drop_table('sign_in_throttles')
    op.drop_table('former_people')
