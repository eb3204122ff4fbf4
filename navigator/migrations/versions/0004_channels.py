"""Citizen channels: receipt codes in keypad form for calls, subscriptions of chats and e-mail to a request.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 05:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keypad_code",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["service_request.id"], name=op.f("fk_keypad_code_request_id_service_request")
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_keypad_code")),
    )
    op.create_table(
        "channel_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("recipient_key", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["service_request.id"], name=op.f("fk_channel_subscription_request_id_service_request")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_subscription")),
        sa.UniqueConstraint(
            "request_id", "channel", "recipient_key", name=op.f("uq_channel_subscription_request_id")
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_channel_subscription_token_hash")),
    )
    with op.batch_alter_table("channel_subscription", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_subscription_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_channel_subscription_recipient_key"), ["recipient_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("channel_subscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_subscription_recipient_key"))
        batch_op.drop_index(batch_op.f("ix_channel_subscription_request_id"))
    op.drop_table("channel_subscription")
    op.drop_table("keypad_code")
