"""navigator.kept: bounded, the least recently used going first."""

from __future__ import annotations

from navigator.kept import Kept


def test_the_least_recently_used_answer_goes_first():
    kept: Kept[str, int] = Kept(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # «a» used again: «b» is now the oldest
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c"), len(kept)) == (1, None, 3, 2)
    kept.clear()
    assert (kept.get("a"), len(kept)) == (None, 0)
