"""Work split between this process and one forked helper: the machine has two cores, and reading a big
content folder or building its index is CPU-bound Python that one process cannot spread over both.

`in_halves(work, items, minimum)` runs `work(0, first half)` here while a forked helper runs
`work(1, second half)` and sends its result back through a pipe (pickled); `side_by_side(here, there)` does
the same for two different pieces of work. fork shares what this process holds without pickling it. Below
`minimum` items, on one core, or in a process that runs other threads (a fork copies their locks, held or
not), everything runs here, one after the other. A failure in the helper is raised
here: an OSError as an OSError (a full disk reads the same from either process), anything else as a
RuntimeError naming it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Other = TypeVar("Other")


def in_halves(work: Callable[[int, Sequence[Item]], Result], items: Sequence[Item], minimum: int) -> list[Result]:
    """The results of each half, in order (one result when the work was not split)."""
    if len(items) < minimum or not can_fork():
        return [work(0, items)]
    half = len(items) // 2
    mine, theirs = side_by_side(lambda: work(0, items[:half]), lambda: work(1, items[half:]))
    return [mine, theirs]


def can_fork() -> bool:
    """Two cores, and no other thread in this process (a fork copies their locks, held or not)."""
    return (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


def side_by_side(here: Callable[[], Result], there: Callable[[], Other]) -> tuple[Result, Other]:
    """`here()` in this process while a forked helper runs `there()` and sends its result back (pickled):
    for two different pieces of work that each need what this process holds. Without can_fork(), one after
    the other here."""
    if not can_fork():
        return here(), there()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    helper = context.Process(target=_helper, args=(there, send), daemon=True)
    helper.start()
    send.close()
    try:
        mine = here()
        try:
            outcome, theirs = receive.recv()
        except EOFError:  # killed or crashed before it could say; its exit code is known once joined
            helper.join()
            outcome, theirs = "error", f"the helper process ended with exit code {helper.exitcode}"
    finally:
        helper.join()
        receive.close()
    if outcome == "os-error":
        raise OSError(theirs)
    if outcome == "error":
        raise RuntimeError(f"the helper process failed: {theirs}")
    return mine, theirs


def _helper(work: Callable[[], Other], send: Connection) -> None:
    try:
        send.send(("ok", work()))
    except OSError as exc:
        send.send(("os-error", exc.strerror or str(exc)))
    except Exception as exc:
        send.send(("error", repr(exc)))
    finally:
        send.close()
