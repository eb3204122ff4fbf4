"""Helpers that create real rows through the services (no hand-built ORM objects in tests)."""

from __future__ import annotations

from navigator.tracking.agencies import create_agency
from navigator.tracking.service import Actor, Registered, change_status, register_request

SYSTEM = Actor("system", "tests", None)
STAFF_A = Actor("staff", "1", "agency-a")


def agency(app, agency_id: str = "agency-a", name: str = "Управление социальной защиты (тест)") -> str:
    create_agency(app.extensions["navigator.db"], agency_id, name, provider_id="social-protection-authority")
    return agency_id


def request(app, agency_id: str = "agency-a", measure_id: str = "home-care-services", **kwargs) -> Registered:
    catalog = app.extensions["navigator.catalog"].get()
    return register_request(
        app.extensions["navigator.db"],
        catalog,
        app.config["NAVIGATOR"],
        agency_id=agency_id,
        measure_id=measure_id,
        channel=kwargs.pop("channel", "mfc"),
        actor=SYSTEM,
        **kwargs,
    )


def change(app, number: str, status: str, actor: Actor = STAFF_A, **kwargs):
    """A status change through the service, by a staff member of agency-a unless told otherwise."""
    return change_status(
        app.extensions["navigator.db"],
        app.extensions["navigator.catalog"].get(),
        app.config["NAVIGATOR"],
        number=number,
        new_status=status,
        actor=actor,
        **kwargs,
    )
