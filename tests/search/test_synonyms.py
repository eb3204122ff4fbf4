"""The catalogue's word lists are compiled once per list object, without hashing the list on every query."""

from __future__ import annotations

from navigator.search.synonyms import by_identity


def test_results_are_kept_per_object_and_an_equal_new_list_is_compiled_again():
    calls: list[tuple[str, ...]] = []

    @by_identity
    def compiled(entries: tuple[str, ...], suffix: str = "") -> tuple[str, ...]:
        calls.append(entries)
        return tuple(entry + suffix for entry in entries)

    words = ("дом", "уход")
    assert compiled(words) == ("дом", "уход") and compiled(words) == ("дом", "уход")
    assert len(calls) == 1
    assert compiled(words, "!") == ("дом!", "уход!") and len(calls) == 2  # other arguments, another entry
    reloaded = tuple(list(words))  # a reloaded catalogue's equal list: a new object
    assert reloaded is not words and compiled(reloaded) == compiled(words) and len(calls) == 3
    for number in range(20):  # old catalogues' lists are not kept without bound
        compiled((str(number),))
    compiled(words)
    assert len(calls) == 24  # the first list's entry went with the others
