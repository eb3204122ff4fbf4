"""Work split between this process and one forked helper: the machine has two cores, and reading a big
content folder or building its index is CPU-bound Python that one process cannot spread over both.

`in_halves(work, items, minimum)` runs `work(0, first half)` here while a forked helper runs
`work(1, second half)` and sends its result back through a pipe (pickled). fork shares the items without
pickling them. Below `minimum` items, on one core, or in a process that runs other threads (a fork copies
their locks, held or not), everything runs here as `work(0, items)`. A failure in the helper is raised
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


def in_halves(work: Callable[[int, Sequence[Item]], Result], items: Sequence[Item], minimum: int) -> list[Result]:
    """The results of each half, in order (one result when the work was not split)."""
    if len(items) < minimum or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return [work(0, items)]
    half = len(items) // 2
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    helper = context.Process(target=_helper, args=(work, items[half:], send), daemon=True)
    helper.start()
    send.close()
    try:
        mine = work(0, items[:half])
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
    return [mine, theirs]


def _helper(work: Callable[[int, Sequence[Item]], Result], items: Sequence[Item], send: Connection) -> None:
    try:
        send.send(("ok", work(1, items)))
    except OSError as exc:
        send.send(("os-error", exc.strerror or str(exc)))
    except Exception as exc:
        send.send(("error", repr(exc)))
    finally:
        send.close()
