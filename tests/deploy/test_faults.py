"""Faults under load: PostgreSQL stopped and started while an agency's system pushes statuses through gunicorn.
Errors only while it is down (answered 503, not 500), the workers recover without a restart, and after
the agency's retries every status change is there exactly once."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from navigator import create_app
from navigator.tracking.agencies import issue_token
from navigator.tracking.models import StatusEvent
from tests import factories
from tests.conftest import make_settings, migrate
from tests.pg_cluster import Cluster
from tests.servers import free_port, server_env, start_gunicorn

PUSHES = 60
ACCEPTED = (200, 201)


def _push(port: int, token: str, number: str, status: str, key: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/agency/requests/{number}/events",
        data=json.dumps({"status": status}).encode(),
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        return urllib.request.urlopen(request, timeout=20).status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # no answer at all


@pytest.mark.slow
@pytest.mark.postgres
def test_postgresql_restarted_under_load_loses_and_doubles_nothing(tmp_path, catalog, search_index_dir):
    with Cluster() as cluster:
        migrate(cluster.url)
        setup = create_app(make_settings(tmp_path, database_url=cluster.url, index_dir=search_index_dir))
        setup.extensions["navigator.catalog"].use(catalog)
        factories.agency(setup)
        number = factories.request(setup).number
        factories.change(setup, number, "registered")
        token = issue_token(setup.extensions["navigator.db"], "agency-a", "load")
        port = free_port()
        answers: list[int] = []
        outage = threading.Event()
        with (tmp_path / "gunicorn.log").open("w") as log:
            server = start_gunicorn(server_env(cluster.url, "f" * 48, tmp_path, search_index_dir), port, log)
            try:

                def agency_system() -> None:
                    # In order, each push retried with its key until it is accepted, as a real system would.
                    for index in range(PUSHES):
                        status = "in_review" if index % 2 == 0 else "needs_info"
                        # 201, or 200 «created: false» when the change was committed but its answer was lost
                        # in the outage: the retry finds the event by its key.
                        while (answer := _push(port, token, number, status, f"push-{index}")) not in ACCEPTED:
                            answers.append(answer)
                            time.sleep(0.05)
                        answers.append(answer)
                        if index == PUSHES // 3:
                            outage.set()

                pusher = threading.Thread(target=agency_system)
                pusher.start()
                outage.wait(timeout=60)
                cluster.stop("fast")
                time.sleep(1.5)
                down = len(answers)
                cluster.start()
                pusher.join(timeout=120)
                assert not pusher.is_alive(), answers[-20:]
            finally:
                server.terminate()
                server.wait(timeout=30)
        with setup.extensions["navigator.db"].session() as session:
            events = session.scalar(select(func.count()).select_from(StatusEvent))
            keys = session.scalar(select(func.count(func.distinct(StatusEvent.idempotency_key))))
        setup.extensions["navigator.db"].dispose()
    failed = [a for a in answers if a not in ACCEPTED]
    assert failed, "the outage was not felt: the test did not test anything"
    assert set(failed) <= {503, 0}, failed  # a clear «unavailable» (or no answer while it restarts), never a 500
    assert sum(a in ACCEPTED for a in answers) == PUSHES and answers[-1] in ACCEPTED  # the same workers serve again
    assert events == PUSHES + 2 and keys == PUSHES  # submitted + registered, then each push exactly once
    assert down >= PUSHES // 3
    log_text = (tmp_path / "gunicorn.log").read_text()
    assert "Booting worker" in log_text and log_text.count("Booting worker") == 2  # no worker restarted
