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
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

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
    mine, theirs, finishing = side_by_side_then(here, there, None)
    finishing.wait()
    return mine, theirs


class Finishing:
    """A helper that has answered and goes on with work of its own (`side_by_side_then`'s `afterwards`).
    `wait()` returns once it is done and raises its failure as side_by_side does; waiting twice is harmless.
    As a context manager it waits at the end of the block, raising the helper's failure only when the block
    raised none (the block's own is the one to report)."""

    def __enter__(self) -> Finishing:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        outcome = self._ended()
        if kind is None:
            _raise_failure(*outcome)

    def __init__(self, helper: BaseProcess | None = None, receive: Connection | None = None) -> None:
        self._helper, self._receive = helper, receive

    def wait(self) -> None:
        _raise_failure(*self._ended())

    def _ended(self) -> tuple[str, Any]:
        """The helper's last word, once it has ended (read before joining: a helper blocked on a full pipe
        would never end)."""
        helper, receive = self._helper, self._receive
        if helper is None or receive is None:
            return "ok", None
        self._helper = self._receive = None
        try:
            return _received(helper, receive)
        finally:
            helper.join()
            receive.close()


def side_by_side_then(
    here: Callable[[], Result], there: Callable[[], Other], afterwards: Callable[[], None] | None
) -> tuple[Result, Other, Finishing]:
    """side_by_side, where the helper goes on with `afterwards()` once it has sent `there()`'s result: work
    whose outcome this process does not need (a file written for others), done while this process carries
    on. The caller waits for it (`Finishing.wait`) before it reports its own work done. Without can_fork(),
    all three run here, one after the other."""
    if not can_fork():
        mine, theirs = here(), there()
        if afterwards is not None:
            afterwards()
        return mine, theirs, Finishing()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    helper = context.Process(target=_helper, args=(there, afterwards, send), daemon=True)
    helper.start()
    send.close()
    finishing = Finishing(helper, receive)
    try:
        mine = here()
        outcome, theirs = _received(helper, receive)
    except BaseException:
        finishing._ended()  # this process's failure is the one raised; the helper's word is not needed
        raise
    if outcome != "ok" or afterwards is None:
        finishing = Finishing()
        helper.join()
        receive.close()
    _raise_failure(outcome, theirs)
    return mine, theirs, finishing


def _received(helper: BaseProcess, receive: Connection) -> tuple[str, Any]:
    try:
        outcome, detail = receive.recv()
    except EOFError:  # killed or crashed before it could say; its exit code is known once joined
        helper.join()
        return "error", f"the helper process ended with exit code {helper.exitcode}"
    return outcome, detail


def _raise_failure(outcome: str, detail: object) -> None:
    if outcome == "os-error":
        raise OSError(detail)
    if outcome == "error":
        raise RuntimeError(f"the helper process failed: {detail}")


def _helper(work: Callable[[], Other], afterwards: Callable[[], None] | None, send: Connection) -> None:
    try:
        send.send(("ok", work()))
        if afterwards is not None:
            afterwards()
            send.send(("ok", None))
    except OSError as exc:
        send.send(("os-error", exc.strerror or str(exc)))
    except Exception as exc:
        send.send(("error", repr(exc)))
    finally:
        send.close()
