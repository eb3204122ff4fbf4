"""Agencies and their API tokens (shown once, stored as a hash)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from navigator.catalog.catalog import Catalog
from navigator.db import Database, utcnow
from navigator.tracking import secrets
from navigator.tracking.deadlines import region_timezone
from navigator.tracking.models import Agency, ApiToken


def create_agency(
    db: Database,
    agency_id: str,
    name: str,
    provider_id: str | None = None,
    *,
    catalog: Catalog | None = None,
    region: str | None = None,
    timezone: str | None = None,
) -> Agency:
    """Create or update an agency. Its region comes from its provider's page and its time zone from the
    region (content/regions/), unless given; an unknown zone name is a ValueError."""
    provider = catalog.provider(provider_id) if catalog is not None and provider_id else None
    region = region or (provider.region if provider is not None else None)
    if timezone is None and catalog is not None:
        timezone = region_timezone(catalog, region)
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {timezone!r} (use an IANA name such as Asia/Yekaterinburg)") from None
    with db.transaction() as session:
        agency = session.get(Agency, agency_id)
        if agency is None:
            agency = Agency(id=agency_id, name=name, provider_id=provider_id, created_at=utcnow())
            session.add(agency)
        agency.name, agency.provider_id = name, provider_id
        agency.region, agency.timezone = region or agency.region, timezone or agency.timezone
        return agency


def issue_token(db: Database, agency_id: str, name: str) -> str:
    """A new bearer token for one agency; the plain token is returned once and never stored."""
    token = secrets.new_token()
    with db.transaction() as session:
        if session.get(Agency, agency_id) is None:
            raise LookupError(f"no agency {agency_id!r}")
        session.add(
            ApiToken(
                agency_id=agency_id,
                name=name,
                prefix=token[:10],
                token_hash=secrets.hash_token(token),
                created_at=utcnow(),
            )
        )
    return token


def agency_for_token(db: Database, token: str) -> str | None:
    """The agency a live token belongs to; None for an unknown, malformed or revoked token."""
    if not token.startswith(secrets.TOKEN_PREFIX) or len(token) != len(secrets.TOKEN_PREFIX) + 32:
        return None
    with db.transaction() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == secrets.hash_token(token)))
        if row is None or row.revoked_at is not None:
            return None
        row.last_used_at = utcnow()
        return row.agency_id


def revoke_token(db: Database, prefix: str) -> int:
    with db.transaction() as session:
        rows = list(session.scalars(select(ApiToken).where(ApiToken.prefix == prefix, ApiToken.revoked_at.is_(None))))
        for row in rows:
            row.revoked_at = utcnow()
        return len(rows)
