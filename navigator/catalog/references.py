"""Cross-references between content files: every id named exists, themes list every situation once, and a
published page never links to a draft (it would be a dead link on the public site)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from navigator.catalog.parsing import LoadedFile

KINDS = ("regions", "situations", "measures", "providers", "documents", "refusals", "appeals")
REFERENCE_KINDS = {
    "region": "regions",
    "situation": "situations",
    "measure": "measures",
    "provider": "providers",
    "document": "documents",
    "refusal": "refusals",
    "appeal": "appeals",
}


def draft_ids(files: list[LoadedFile]) -> dict[str, set[str]]:
    """Ids of the items marked `status: draft`, by kind (a translation follows its Russian original)."""
    drafts: dict[str, set[str]] = {}
    for loaded in files:
        data = loaded.data
        if loaded.source.lang == "ru" and isinstance(data, dict) and data.get("status") == "draft":
            drafts.setdefault(loaded.source.kind, set()).add(loaded.source.item_id)
    return drafts


def check_links_to_drafts(files: list[LoadedFile], drafts: dict[str, set[str]]) -> None:
    for loaded in files:
        if loaded.source.item_id in drafts.get(loaded.source.kind, ()):
            continue  # a draft may point at anything, drafts included
        for ref in loaded.ctx.references:
            if ref.id not in drafts.get(REFERENCE_KINDS[ref.kind], ()):
                continue
            if loaded.source.kind == "situations" and ref.path[:1] == ("measures",):
                continue  # the editors' order on a situation page: a draft measure there is simply not shown yet
            loaded.ctx.error(
                ref.path,
                f'{ref.kind} "{ref.id}" is a draft (status: draft): publish it or remove the link, '
                "a published page cannot point at a page that is not on the site",
                line=ref.line,
            )


def resolve(files: list[LoadedFile], stub_measures: set[str]) -> None:
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    known["measures"].update(stub_measures)
    for loaded in files:
        if loaded.source.kind in KINDS and loaded.source.lang == "ru":
            known[loaded.source.kind].add(loaded.source.item_id)
    for loaded in files:
        for ref in loaded.ctx.references:
            if ref.id not in known[REFERENCE_KINDS[ref.kind]]:
                loaded.ctx.error(ref.path, f'unknown {ref.kind} id "{ref.id}"', line=ref.line)
            elif ref.kind == "measure" and loaded.source.kind == "measures" and ref.id == loaded.source.item_id:
                loaded.ctx.error(ref.path, "a measure cannot be related to itself", line=ref.line)
        if loaded.source.lang != "ru" and loaded.source.kind in KINDS:
            if loaded.source.item_id not in known[loaded.source.kind]:
                loaded.ctx.error((), f"translation has no Russian original {loaded.source.item_id}.md beside it")


def check_themes(files: list[LoadedFile]) -> None:
    themes = next((f for f in files if f.source.kind == "themes" and f.source.lang == "ru"), None)
    situations = [f for f in files if f.source.kind == "situations" and f.source.lang == "ru"]
    if themes is None:
        if situations:
            situations[0].ctx.error((), "content/themes.yml is missing: every situation must belong to a theme")
        return
    listed: dict[str, int] = {}
    for index, theme in enumerate(themes.data or ()):
        for position, situation_id in enumerate(theme["situations"]):
            if situation_id in listed:
                themes.ctx.error((index, "situations", position), f'situation "{situation_id}" is in two themes')
            listed[situation_id] = index
    if themes.data is None:
        return
    for loaded in situations:
        if loaded.source.item_id not in listed:
            loaded.ctx.error((), f'situation "{loaded.source.item_id}" is not listed in any theme of themes.yml')
