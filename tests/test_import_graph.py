"""The import graph of the package: no cycles between modules, function-level imports included."""

from __future__ import annotations

import grimp


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _without_package_inits(graph: grimp.ImportGraph) -> grimp.ImportGraph:
    # A package's __init__ that wires its children together (create_app) is not a cycle of concepts.
    graph.remove_module("navigator")
    return graph


def test_no_import_cycles_anywhere():
    graph = _without_package_inits(grimp.build_graph("navigator"))
    assert _cycles(graph) == []


def _packages(graph: grimp.ImportGraph, depth: int = 2) -> grimp.ImportGraph:
    """The graph of navigator's top-level packages and modules (navigator.catalog, navigator.db, …)."""
    top = grimp.ImportGraph()
    for module in graph.modules:
        top.add_module(".".join(module.split(".")[:depth]))
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            source, target = ".".join(module.split(".")[:depth]), ".".join(imported.split(".")[:depth])
            if source != target:
                top.add_import(importer=source, imported=target)
    return top


def test_no_cycles_between_packages():
    # catalog → eligibility → catalog was such a cycle: no module imported itself back, the packages did.
    graph = _without_package_inits(grimp.build_graph("navigator"))
    assert _cycles(_packages(graph)) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.y", imported="a.z")
    assert _cycles(graph) == [["a.x", "a.y"]]
    graph.remove_import(importer="a.y", imported="a.x")
    graph.add_module("b.w")
    graph.add_module("a.q")
    graph.add_import(importer="a.z", imported="b.w")
    graph.add_import(importer="b.w", imported="a.q")
    assert _cycles(graph) == []
    assert _cycles(_packages(graph, depth=1)) == [["a", "b"]]
