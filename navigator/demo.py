"""Demonstration data: agencies, staff users and requests in every status, refusals with every code.

Everything here is made up for demonstration and marked so: contacts use the reserved example.com
domain and the +7 999 000 range; staff passwords are printed and documented as demo-only.
"""

from __future__ import annotations

import datetime as dt
import random

from navigator.accounts.users import create_user
from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.tracking import secrets
from navigator.tracking.agencies import create_agency
from navigator.tracking.models import Agency
from navigator.tracking.service import Actor, change_in, register_in

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented demo login, never for production
# (agency id, provider id whose name and page the agency uses)
DEMO_AGENCIES = (
    ("demo-uszn-surgut", "hmao-uszn"),
    ("demo-kcson-nizhnevartovsk", "nizhnevartovsk-kcson"),
    ("demo-family-mfc", "family-mfc"),
    ("demo-orel-social", "orel-social-protection-dept"),
    ("demo-nsk-labour", "nsk-labour-ministry"),
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
    "withdrawn": "Заявление отозвано по просьбе заявителя.",
}


class DemoAlreadyLoaded(RuntimeError):
    pass


def _targets(count: int, refusal_codes: list[str], rng: random.Random) -> list[tuple[str, str | None]]:
    """Every status several times, and a refusal for every refusal code."""
    targets: list[tuple[str, str | None]] = [("refused", code) for code in refusal_codes]
    refusal_paths = ("appeal_submitted", "appeal_upheld", "appeal_rejected")
    targets += [(status, rng.choice(refusal_codes)) for status in refusal_paths for _ in range(3)]
    others = [s for s in PATHS if s not in ("refused", *refusal_paths)]
    while len(targets) < count:
        status = others[len(targets) % len(others)]
        targets.append((status, None))
    rng.shuffle(targets)
    return targets


def _staff(db: Database) -> list[dict[str, str | None]]:

    created = [create_user(db, "admin@demo.navigator", "Администратор (демо)", "admin", None, DEMO_PASSWORD)]
    for agency_id, _provider in DEMO_AGENCIES:
        created.append(
            create_user(
                db, f"operator@{agency_id}.demo", f"Оператор {agency_id} (демо)", "operator", agency_id, DEMO_PASSWORD
            )
        )
    return [
        {"email": user.email, "password": DEMO_PASSWORD, "role": user.role, "agency": user.agency_id}
        for user in created
    ]


def load_demo(
    db: Database, catalog: Catalog, settings: Settings, count: int = 220
) -> dict[str, list[dict[str, str | None]]]:
    with db.session() as session:
        if session.get(Agency, DEMO_AGENCIES[0][0]) is not None:
            raise DemoAlreadyLoaded("demo data is already loaded; nothing was changed")
    agencies: list[dict[str, str | None]] = []
    for agency_id, provider_id in DEMO_AGENCIES:
        provider = catalog.provider(provider_id)
        create_agency(db, agency_id, provider.name if provider else agency_id, provider_id)
        agencies.append({"id": agency_id, "provider": provider_id})
    staff = _staff(db)
    rng = random.Random(20261125)
    measures = [m.id for m in catalog.measures()]
    refusal_codes = sorted(catalog.ids("refusals"))
    requests: list[dict[str, str | None]] = []
    now = utcnow()
    for index, (target, refusal_code) in enumerate(_targets(count, refusal_codes, rng)):
        agency_id = DEMO_AGENCIES[index % len(DEMO_AGENCIES)][0]
        actor = Actor("system", "demo", agency_id)
        submitted = now - dt.timedelta(days=rng.randint(2, 120), hours=rng.randint(0, 8))
        with db.transaction() as session:
            registered = register_in(
                session,
                catalog,
                settings,
                agency_id=agency_id,
                measure_id=rng.choice(measures),
                channel=rng.choice(("mfc", "in-person", "online", "phone")),
                actor=actor,
                contact_email=f"demo{index:03d}@example.com" if index % 2 == 0 else None,
                contact_phone=f"+7 999 000-{index // 100 % 100:02d}-{index % 100:02d}" if index % 3 == 0 else None,
                submitted_at=submitted,  # no notifications: demo contacts are not real people
            )
            when = submitted
            for step in PATHS[target]:
                when = min(now, when + dt.timedelta(days=rng.randint(1, 6)))
                change_in(
                    session,
                    catalog,
                    settings,
                    number=registered.number,
                    new_status=step,
                    actor=actor,
                    comment=COMMENTS.get(step),
                    refusal_code=refusal_code if step == "refused" else None,
                    decision_date=when.astimezone(settings.timezone).date() if step == "refused" else None,
                    occurred_at=when,
                )
        requests.append(
            {
                "number": secrets.format_number(registered.number),
                "code": secrets.format_code(registered.code),
                "status": target,
                "agency": agency_id,
                "refusal_code": refusal_code if "refused" in PATHS[target] else None,
            }
        )
    return {"agencies": agencies, "staff": staff, "requests": requests}
