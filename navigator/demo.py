"""Demonstration data: agencies, staff users and requests in every status, refusals with every code.

Everything here is made up for demonstration and marked so: contacts use the reserved example.com
domain and the +7 999 000 range; staff passwords are printed and documented as demo-only. The data is
consistent: each agency handles its own measures (or its region's), every refusal is one its measure
allows, and each change is made by one of the agency's demo staff. A demo request's code is derived
from its number (`demo_code`), so `flask demo show` can print sample numbers and codes at any time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from sqlalchemy import select

from navigator.accounts.users import create_user
from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.tracking import secrets
from navigator.tracking.agencies import create_agency
from navigator.tracking.models import Agency, ServiceRequest
from navigator.tracking.refusal_options import allowed_codes
from navigator.tracking.service import Actor, agency_zone, change_in, register_in

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented demo login, never for production
# (agency id, provider id whose name, page and region the agency uses, operator's and admin's demo names)
DEMO_AGENCIES = (
    ("demo-uszn-surgut", "hmao-uszn", "Ирина Петрова", "Олег Сафин"),
    ("demo-kcson-nizhnevartovsk", "nizhnevartovsk-kcson", "Анна Кузнецова", "Дмитрий Ершов"),
    ("demo-family-mfc", "family-mfc", "Мария Лебедева", "Сергей Волков"),
    ("demo-orel-social", "orel-social-protection-dept", "Елена Морозова", "Павел Никитин"),
    ("demo-nsk-labour", "nsk-labour-ministry", "Наталья Соколова", "Андрей Белов"),
)
BASE = ("registered", "in_review")
PATHS: dict[str, tuple[str, ...]] = {
    "submitted": (),
    "registered": ("registered",),
    "in_review": BASE,
    "needs_info": (*BASE, "needs_info"),
    "approved": (*BASE, "approved"),
    "provided": (*BASE, "approved", "provided"),
    "withdrawn": ("registered", "withdrawn"),
    "refused": (*BASE, "refused"),
    "appeal_submitted": (*BASE, "refused", "appeal_submitted"),
    "appeal_upheld": (*BASE, "refused", "appeal_submitted", "appeal_upheld"),
    "appeal_rejected": (*BASE, "refused", "appeal_submitted", "appeal_rejected"),
}
COMMENTS = {
    "needs_info": "Принесите справку о доходах членов семьи за последние 3 месяца.",
    "approved": "Специалист свяжется с вами, чтобы согласовать график.",
    "refused": "Подробное решение об отказе направлено вам письмом.",
    "withdrawn": "Заявление отозвано по просьбе заявителя.",
    "appeal_rejected": "Жалоба рассмотрена: оснований отменить отказ нет. Решение по жалобе направлено вам письмом.",
}
# The samples `serve` and `demo show` print: one waiting, one refused, one provided.
SAMPLE_STATUSES = ("in_review", "refused", "provided")


class DemoAlreadyLoaded(RuntimeError):
    pass


def demo_code(number: str) -> str:
    """The demo request's code, derived from its number (demo data only: real codes are random)."""
    digest = hashlib.sha256(f"navigator-demo:{number}".encode()).digest()
    return "".join(secrets.CROCKFORD[b % len(secrets.CROCKFORD)] for b in digest[:8])


@dataclass(frozen=True)
class DemoAgency:
    id: str
    provider_id: str
    measures: tuple[str, ...]
    operator: Actor
    admin: Actor


def _measures_of(catalog: Catalog, provider_id: str) -> tuple[str, ...]:
    """The measures this agency decides on: those naming its provider, else its region's."""
    own = tuple(m.id for m in catalog.measures() if provider_id in m.providers)
    provider = catalog.provider(provider_id)
    region = provider.region if provider is not None else None
    return own or tuple(m.id for m in catalog.measures() if m.region == region)


def _targets(
    count: int, agencies: list[DemoAgency], catalog: Catalog, rng: random.Random
) -> list[tuple[DemoAgency, str, str, str | None]]:
    """(agency, measure, status, refusal code): every status several times, every refusal code the
    agencies' measures allow at least once, spread over the agencies."""
    targets: list[tuple[DemoAgency, str, str, str | None]] = []
    covered: set[str] = set()
    for agency in agencies:
        for measure in agency.measures:
            for code in allowed_codes(catalog, measure):
                if code not in covered:
                    covered.add(code)
                    targets.append((agency, measure, "refused", code))
    others = list(PATHS)
    index = 0
    while len(targets) < count:
        agency = agencies[index % len(agencies)]
        measure = rng.choice(agency.measures)
        status = others[index % len(others)]
        refusal = rng.choice(allowed_codes(catalog, measure)) if "refused" in PATHS[status] else None
        targets.append((agency, measure, status, refusal))
        index += 1
    rng.shuffle(targets)
    return targets


def _agencies(db: Database, catalog: Catalog) -> tuple[list[DemoAgency], list[dict[str, str | None]]]:
    agencies, staff = [], []
    admin = create_user(db, "admin@demo.navigator", "Администратор навигатора (демо)", "admin", None, DEMO_PASSWORD)
    staff.append(admin)
    for agency_id, provider_id, operator_name, admin_name in DEMO_AGENCIES:
        provider = catalog.provider(provider_id)
        create_agency(db, agency_id, provider.name if provider else agency_id, provider_id, catalog=catalog)
        operator = create_user(
            db, f"operator@{agency_id}.demo", f"{operator_name} (демо)", "operator", agency_id, DEMO_PASSWORD
        )
        agency_admin = create_user(
            db, f"admin@{agency_id}.demo", f"{admin_name} (демо)", "agency_admin", agency_id, DEMO_PASSWORD
        )
        staff += [operator, agency_admin]
        agencies.append(
            DemoAgency(agency_id, provider_id, _measures_of(catalog, provider_id), operator.actor, agency_admin.actor)
        )
    logins: list[dict[str, str | None]] = [
        {"email": user.email, "password": DEMO_PASSWORD, "role": user.role, "agency": user.agency_id} for user in staff
    ]
    return agencies, logins


def load_demo(
    db: Database, catalog: Catalog, settings: Settings, count: int = 220
) -> dict[str, list[dict[str, str | None]]]:
    with db.session() as session:
        if session.get(Agency, DEMO_AGENCIES[0][0]) is not None:
            raise DemoAlreadyLoaded("demo data is already loaded; nothing was changed")
    agencies, staff = _agencies(db, catalog)
    rng = random.Random(20261125)
    requests: list[dict[str, str | None]] = []
    now = utcnow()
    for index, (agency, measure_id, target, refusal_code) in enumerate(_targets(count, agencies, catalog, rng)):
        submitted = now - dt.timedelta(days=rng.randint(2, 120), hours=rng.randint(0, 8))
        with db.transaction() as session:
            registered = register_in(
                session,
                catalog,
                settings,
                agency_id=agency.id,
                measure_id=measure_id,
                channel=rng.choice(("mfc", "in-person", "online", "phone")),
                actor=Actor("system", "demo", agency.id),
                contact_email=f"demo{index:03d}@example.com" if index % 2 == 0 else None,
                contact_phone=f"+7 999 000-{index // 100 % 100:02d}-{index % 100:02d}" if index % 3 == 0 else None,
                submitted_at=submitted,  # no notifications: demo contacts are not real people
                code_for=demo_code,
            )
            code = registered.code
            zone = agency_zone(session.get_one(Agency, agency.id), settings)
            when = submitted
            for step in PATHS[target]:
                when = min(now, when + dt.timedelta(days=rng.randint(1, 6)))
                change_in(
                    session,
                    catalog,
                    settings,
                    number=registered.number,
                    new_status=step,
                    actor=agency.admin if step.startswith("appeal_") else agency.operator,
                    comment=COMMENTS.get(step),
                    refusal_code=refusal_code if step == "refused" else None,
                    decision_date=when.astimezone(zone).date() if step == "refused" else None,
                    occurred_at=when,
                )
        requests.append(_listed(registered.number, code, target, agency.id, refusal_code))
    listed_agencies: list[dict[str, str | None]] = [{"id": a.id, "provider": a.provider_id} for a in agencies]
    return {"agencies": listed_agencies, "staff": staff, "requests": requests}


def _listed(number: str, code: str, status: str, agency_id: str, refusal_code: str | None) -> dict[str, str | None]:
    return {
        "number": secrets.format_number(number),
        "code": secrets.format_code(code),
        "status": status,
        "agency": agency_id,
        "refusal_code": refusal_code if "refused" in PATHS[status] else None,
    }


def demo_logins() -> list[dict[str, str | None]]:
    logins: list[dict[str, str | None]] = [
        {"email": "admin@demo.navigator", "password": DEMO_PASSWORD, "role": "admin", "agency": None}
    ]
    for agency_id, *_names in DEMO_AGENCIES:
        for role, prefix in (("operator", "operator"), ("agency_admin", "admin")):
            logins.append(
                {"email": f"{prefix}@{agency_id}.demo", "password": DEMO_PASSWORD, "role": role, "agency": agency_id}
            )
    return logins


def samples(db: Database) -> list[dict[str, str | None]]:
    """One demo request in review, one refused and one provided (numbers and codes), or [] without demo data."""
    found = []
    demo_ids = [a[0] for a in DEMO_AGENCIES]
    with db.session() as session:
        for status in SAMPLE_STATUSES:
            request = session.scalar(
                select(ServiceRequest)
                .where(ServiceRequest.agency_id.in_(demo_ids), ServiceRequest.status == status)
                .order_by(ServiceRequest.id)
                .limit(1)
            )
            if request is not None:
                found.append(
                    _listed(request.number, demo_code(request.number), status, request.agency_id, request.refusal_code)
                )
    return found
