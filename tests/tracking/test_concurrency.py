"""Four processes push status events at once: nothing lost, nothing out of a final status, one event per key."""

from __future__ import annotations

import multiprocessing
import random

from sqlalchemy import func, select

from navigator import create_app
from navigator.tracking import statuses
from navigator.tracking.models import ServiceRequest, StatusEvent
from navigator.tracking.service import Actor, TrackingError, change_status
from tests import factories
from tests.conftest import make_settings

PROCESSES = 4
REQUESTS = 50
REVIEW_LOOP = ("in_review", "needs_info", "in_review", "needs_info", "registered")
FINAL_MOVES = ("approved", "provided", "withdrawn", "refused")


def _pick(rng: random.Random, final_share: float) -> str:
    """Mostly the review loop (valid about half the time); rarely a move towards a final status, which must stick."""
    return rng.choice(FINAL_MOVES) if rng.random() < final_share else rng.choice(REVIEW_LOOP)


def _worker(args) -> tuple[int, int]:
    tmp, database_url, numbers, pushes, seed = args
    final_share = 0.25 * len(numbers) / (pushes * PROCESSES)  # about one request in five ends in a final status
    from pathlib import Path

    app = create_app(make_settings(Path(tmp), database_url=database_url))
    db, settings = app.extensions["navigator.db"], app.config["NAVIGATOR"]
    catalog = app.extensions["navigator.catalog"].get()
    rng = random.Random(seed)
    accepted = rejected = 0
    sent_keys: list[tuple[str, str, str]] = []
    for index in range(pushes):
        if sent_keys and rng.random() < 0.05:
            number, status, key = rng.choice(sent_keys)  # a retry of an earlier push
        else:
            number = rng.choice(numbers)
            status = _pick(rng, final_share)
            key = f"{seed}-{index}"
            sent_keys.append((number, status, key))
        try:
            _, created = change_status(
                db,
                catalog,
                settings,
                number=number,
                new_status=status,
                actor=Actor("agency", "load", "agency-a"),
                idempotency_key=key,
                refusal_code="not-in-category" if status == "refused" else None,
            )
        except TrackingError:
            rejected += 1
            continue
        accepted += created
    db.dispose()
    return accepted, rejected


def test_concurrent_pushes(app, db, tmp_path, database_url):
    factories.agency(app)
    numbers = [factories.request(app).number for _ in range(REQUESTS)]
    catalog = app.extensions["navigator.catalog"].get()
    for number in numbers:
        change_status(
            db,
            catalog,
            app.config["NAVIGATOR"],
            number=number,
            new_status="registered",
            actor=Actor("agency", "setup", "agency-a"),
        )
    total = 10_000 if database_url.startswith("postgresql") else 1_000
    jobs = [(str(tmp_path / f"w{i}"), database_url, numbers, total // PROCESSES, 1000 + i) for i in range(PROCESSES)]
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        results = pool.map(_worker, jobs)
    accepted = sum(a for a, _ in results)
    with db.session() as session:
        # Minus the «submitted» and «registered» events of the setup.
        events = session.scalar(select(func.count()).select_from(StatusEvent)) - 2 * REQUESTS
        versions = session.scalar(select(func.sum(ServiceRequest.version))) - 2 * REQUESTS
        out_of_final = session.scalar(
            select(func.count())
            .select_from(StatusEvent)
            .where(StatusEvent.previous_status.in_(statuses.FINAL), StatusEvent.status != "appeal_submitted")
        )
        keys = session.scalar(select(func.count(func.distinct(StatusEvent.idempotency_key))))
        keyed = session.scalar(
            select(func.count()).select_from(StatusEvent).where(StatusEvent.idempotency_key.is_not(None))
        )
        final_now = session.scalar(
            select(func.count()).select_from(ServiceRequest).where(ServiceRequest.status.in_(statuses.FINAL))
        )
    print(
        f"\n{database_url.split(':')[0]}: {total} pushes from {PROCESSES} processes on {REQUESTS} requests: "
        f"{accepted} accepted, {sum(r for _, r in results)} rejected, {events} history rows, "
        f"{final_now} requests ended in a final status"
    )
    assert events == accepted == versions  # nothing lost, nothing doubled
    assert out_of_final == 0
    assert keys == keyed  # a retried key never made a second event
    assert accepted > total // 4  # most pushes met a request still open: the lock was really contended


def test_parallel_first_attempts_on_one_number_from_one_address(app, db):
    """The first look-ups of a new number from a new address, all at once: each is counted, none is a 500
    (on PostgreSQL two «select, then insert if missing» used to collide on the new rows' keys)."""
    import threading

    from navigator.tracking.lookup import lookup
    from navigator.tracking.models import LookupLock

    settings = app.config["NAVIGATOR"]
    start = threading.Barrier(8)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        start.wait()
        try:
            outcomes.append(lookup(db, settings, "1000-0000-0009", "WRONG-CODE", "198.51.100.9").outcome)
        except BaseException as exc:  # the test reports any failure of a thread
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(set(outcomes)) in (["failed"], ["failed", "locked"])
    with db.session() as session:
        assert session.scalar(select(func.sum(LookupLock.failures))) == 5  # locked at five, then not counted
