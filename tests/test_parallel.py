"""navigator.parallel: halves in two processes, in order; small work, or other threads, stay in one process;
the helper's failure is raised in the parent."""

from __future__ import annotations

import os
import threading

import pytest

from navigator import parallel


def _pids(part, items):
    return (part, list(items), os.getpid())


def test_the_second_half_runs_in_a_forked_helper_and_results_come_in_order(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    (first, mine, here), (second, theirs, there) = parallel.in_halves(_pids, list(range(10)), minimum=4)
    assert (first, second) == (0, 1) and mine + theirs == list(range(10))
    assert here == os.getpid() != there


def test_small_work_and_a_threaded_process_stay_in_one_process():
    assert parallel.in_halves(_pids, [1, 2, 3], minimum=4) == [(0, [1, 2, 3], os.getpid())]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert len(parallel.in_halves(_pids, list(range(10)), minimum=4)) == 1  # never fork beside a thread
    finally:
        stop.set()
        other.join()


def test_the_helpers_failure_is_raised_here(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)

    def full_disk_in_the_helper(part, items):
        if part == 1:
            raise OSError(28, "No space left on device")
        return items

    with pytest.raises(OSError, match="No space left"):
        parallel.in_halves(full_disk_in_the_helper, list(range(10)), minimum=4)

    def killed(part, items):
        if part == 1:
            os._exit(9)
        return items

    with pytest.raises(RuntimeError, match="exit code 9"):
        parallel.in_halves(killed, list(range(10)), minimum=4)


def test_two_different_pieces_of_work_run_side_by_side(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    here, there = parallel.side_by_side(lambda: ("here", os.getpid()), lambda: ("there", os.getpid()))
    assert here == ("here", os.getpid()) and there[0] == "there" and there[1] != os.getpid()

    def full_disk():
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        parallel.side_by_side(lambda: None, full_disk)


def test_side_by_side_beside_a_thread_runs_both_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.side_by_side(os.getpid, os.getpid) == (os.getpid(), os.getpid())
    finally:
        stop.set()
        other.join()


def test_the_helper_goes_on_after_it_answered_and_its_failure_is_raised_when_waited_for(monkeypatch, tmp_path):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    written = tmp_path / "written"
    _, there, finishing = parallel.side_by_side_then(
        lambda: None, lambda: os.getpid(), lambda: written.write_text(str(os.getpid()))
    )
    assert there != os.getpid()
    finishing.wait()
    finishing.wait()  # twice is harmless
    assert written.read_text() == str(there)  # written afterwards, by the helper

    def full_disk():
        raise OSError(28, "No space left on device")

    _, answered, failing = parallel.side_by_side_then(lambda: None, lambda: "answer", full_disk)
    assert answered == "answer"
    with pytest.raises(OSError, match="No space left"):
        failing.wait()


def test_without_a_fork_the_work_afterwards_runs_here_before_the_results_come_back():
    done = []
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.side_by_side_then(lambda: 1, lambda: 2, lambda: done.append(os.getpid()))[:2] == (1, 2)
    finally:
        stop.set()
        other.join()
    assert done == [os.getpid()]


def test_as_a_block_the_blocks_own_failure_is_the_one_raised(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)

    def broken():
        raise ValueError("the helper's")

    _, _, finishing = parallel.side_by_side_then(lambda: None, lambda: None, broken)
    with pytest.raises(KeyError, match="the block's"), finishing:
        raise KeyError("the block's")
    _, _, finishing = parallel.side_by_side_then(lambda: None, lambda: None, broken)
    with pytest.raises(RuntimeError, match="the helper's"), finishing:
        pass
