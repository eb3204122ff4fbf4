"""Agencies' region and time zone; who made each change; corrections of decisions; the overdue digest.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 05:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("timezone", sa.String(length=60), nullable=True))
    with op.batch_alter_table("status_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("actor_role", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("corrects_event_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("correction_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_status_event_corrects_event_id_status_event"), "status_event", ["corrects_event_id"], ["id"]
        )
    op.create_table(
        "digest_sent",
        sa.Column("agency_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("agency_id", "day", name=op.f("pk_digest_sent")),
    )


def downgrade() -> None:
    op.drop_table("digest_sent")
    with op.batch_alter_table("status_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_status_event_corrects_event_id_status_event"), type_="foreignkey")
        batch_op.drop_column("corrected_at")
        batch_op.drop_column("correction_reason")
        batch_op.drop_column("corrects_event_id")
        batch_op.drop_column("actor_role")
        batch_op.drop_column("actor_name")
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_column("timezone")
        batch_op.drop_column("region")
