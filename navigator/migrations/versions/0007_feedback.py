"""Citizens' feedback: «did this page help?» answers, satisfaction surveys after a decision, demand counts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 22:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_feedback")),
    )
    op.create_index(op.f("ix_page_feedback_day"), "page_feedback", ["day"], unique=False)
    op.create_table(
        "survey_invitation",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("measure_id", sa.String(length=200), nullable=False),
        sa.Column("situation_id", sa.String(length=200), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_survey_invitation")),
    )
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.String(length=200), nullable=False),
        sa.Column("situation_id", sa.String(length=200), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("clarity", sa.SmallInteger(), nullable=False),
        sa.Column("speed", sa.SmallInteger(), nullable=False),
        sa.Column("treatment", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
    )
    op.create_index(op.f("ix_survey_answer_measure_id"), "survey_answer", ["measure_id"], unique=False)
    op.create_index(op.f("ix_survey_answer_situation_id"), "survey_answer", ["situation_id"], unique=False)
    op.create_table(
        "demand_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "event", "kind", "item_id", name=op.f("pk_demand_count")),
    )


def downgrade() -> None:
    op.drop_table("demand_count")
    op.drop_index(op.f("ix_survey_answer_situation_id"), table_name="survey_answer")
    op.drop_index(op.f("ix_survey_answer_measure_id"), table_name="survey_answer")
    op.drop_table("survey_answer")
    op.drop_table("survey_invitation")
    op.drop_index(op.f("ix_page_feedback_day"), table_name="page_feedback")
    op.drop_table("page_feedback")
