"""Tracking (requests, history, agencies, tokens, lookups, outbox, audit) and staff users.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 07:14:24.903794
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agency',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('provider_id', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_type', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.String(length=100), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_request_id'), ['request_id'], unique=False)

    op.create_table('cabinet_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_key', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cabinet_code'))
    )
    with op.batch_alter_table('cabinet_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cabinet_code_contact_key'), ['contact_key'], unique=False)

    op.create_table('idempotent_response',
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('agency_id', 'key', name=op.f('pk_idempotent_response'))
    )
    op.create_table('lookup_lock',
    sa.Column('number_key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('number_key', name=op.f('pk_lookup_lock'))
    )
    op.create_table('throttle',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_throttle'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('prefix', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_api_token_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_agency_id'), ['agency_id'], unique=False)

    op.create_table('service_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('code_hash', sa.String(length=200), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('measure_id', sa.String(length=100), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('contact_email', sa.String(length=320), nullable=True),
    sa.Column('contact_phone', sa.String(length=20), nullable=True),
    sa.Column('email_hash', sa.String(length=64), nullable=True),
    sa.Column('phone_hash', sa.String(length=64), nullable=True),
    sa.Column('notify_email', sa.Boolean(), nullable=False),
    sa.Column('notify_sms', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decision_due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('refusal_code', sa.String(length=100), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_service_request_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_request')),
    sa.UniqueConstraint('number', name=op.f('uq_service_request_number'))
    )
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_request_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_request_email_hash'), ['email_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_request_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_request_phone_hash'), ['phone_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_request_status'), ['status'], unique=False)

    op.create_table('staff_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_staff_user_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_user')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_user_email'))
    )
    op.create_table('status_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('previous_status', sa.String(length=30), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_type', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.String(length=100), nullable=True),
    sa.Column('public_comment', sa.Text(), nullable=True),
    sa.Column('refusal_code', sa.String(length=100), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_status_event_request_id_service_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_event')),
    sa.UniqueConstraint('agency_id', 'idempotency_key', name=op.f('uq_status_event_agency_id'))
    )
    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_event_request_id'), ['request_id'], unique=False)

    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['status_event.id'], name=op.f('fk_outbox_message_event_id_status_event')),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_outbox_message_request_id_service_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['state', 'next_attempt_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_due')

    op.drop_table('outbox_message')
    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_event_request_id'))

    op.drop_table('status_event')
    op.drop_table('staff_user')
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_request_status'))
        batch_op.drop_index(batch_op.f('ix_service_request_phone_hash'))
        batch_op.drop_index(batch_op.f('ix_service_request_measure_id'))
        batch_op.drop_index(batch_op.f('ix_service_request_email_hash'))
        batch_op.drop_index(batch_op.f('ix_service_request_agency_id'))

    op.drop_table('service_request')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_agency_id'))

    op.drop_table('api_token')
    op.drop_table('throttle')
    op.drop_table('lookup_lock')
    op.drop_table('idempotent_response')
    with op.batch_alter_table('cabinet_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cabinet_code_contact_key'))

    op.drop_table('cabinet_code')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_request_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_agency_id'))

    op.drop_table('audit_entry')
    op.drop_table('agency')
