"""The package layering of ``geo``: imports point one way, down the pipeline.

Each package of ``geo`` may import only the packages listed for it in :data:`ALLOWED`
(which mirrors the ``May import`` line of each package's ``__init__`` docstring and
ARCHITECTURE.md). Function-level imports count too. ``geo`` itself never imports
Streamlit; pages and ``app.py`` sit above every package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parents[1] / "geo"

#: Package -> the packages of ``geo`` it may import (lowest first).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "gazetteer": {"core"},
    "io": {"core"},
    "reading": {"core", "gazetteer"},
    "query": {"core", "io"},
    "extract": {"core", "gazetteer", "reading", "io"},
    "store": {"core", "io", "query", "extract"},
    "review": {"core", "gazetteer", "reading", "io", "query", "extract", "store"},
    "map": {"core", "gazetteer", "io", "query", "store"},
    "batch": {"core", "gazetteer", "reading", "io", "query", "extract", "store"},
    "server": {"core", "gazetteer", "reading", "io", "query", "extract", "store", "review",
               "map", "batch"},
    "cli": {"core", "gazetteer", "reading", "io", "query", "extract", "store", "review",
            "map", "batch", "server"},
}

#: Largest module, in lines, before it should be split.
MAX_MODULE_LINES = 420


def _geo_imports(source: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line, dotted module)`` for every import of ``geo`` in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "geo":
                for alias in node.names:
                    yield node.lineno, f"geo.{alias.name}"
            elif node.module.startswith("geo."):
                yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("geo."):
                    yield node.lineno, alias.name


def _imported_packages() -> dict[str, set[tuple[str, str]]]:
    """Package -> ``(importing file:line, imported package)`` for every cross-package import."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(GEO.rglob("*.py")):
        parts = path.relative_to(GEO).parts
        if len(parts) < 2:
            continue
        package = parts[0]
        for line, module in _geo_imports(path.read_text(encoding="utf-8")):
            target = module.split(".")[1]
            if target != package:
                where = f"{path.relative_to(GEO.parent)}:{line}"
                found.setdefault(package, set()).add((where, target))
    return found


def test_every_package_is_declared() -> None:
    packages = {p.name for p in GEO.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(ALLOWED)


def test_top_level_holds_no_module_but_the_package_marker() -> None:
    assert sorted(p.name for p in GEO.glob("*.py")) == ["__init__.py"]


def test_allowed_imports_form_no_cycle() -> None:
    try:
        order = list(TopologicalSorter(ALLOWED).static_order())
    except CycleError as err:  # pragma: no cover - reported by the assertion
        pytest.fail(f"the layering table has a cycle: {err.args[1]}")
    assert set(order) == set(ALLOWED)


def test_imports_point_down_the_pipeline() -> None:
    upward = [
        f"{where} imports geo.{target}"
        for package, imports in _imported_packages().items()
        for where, target in sorted(imports)
        if target not in ALLOWED[package]
    ]
    assert upward == [], "imports against the layering:\n" + "\n".join(upward)


def test_each_package_docstring_names_what_it_may_import() -> None:
    for package, allowed in ALLOWED.items():
        doc = ast.get_docstring(ast.parse((GEO / package / "__init__.py").read_text()))
        assert doc and "Owns:" in doc and "May import:" in doc, package
        for other in allowed:
            if package not in {"server", "cli"}:
                assert f"geo.{other}" in doc, f"geo.{package} docstring omits geo.{other}"


def test_no_module_is_too_long() -> None:
    long = {
        str(path.relative_to(GEO.parent)): n
        for path in GEO.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_import_cycle_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    for path in GEO.rglob("*.py"):
        rel = path.relative_to(GEO.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        graph[name] = {m for _, m in _geo_imports(path.read_text(encoding="utf-8"))}
    known = {m: {d for d in deps if d in graph} for m, deps in graph.items()}
    try:
        list(TopologicalSorter(known).static_order())
    except CycleError as err:
        pytest.fail(f"import cycle: {' -> '.join(err.args[1])}")


def test_the_check_sees_an_upward_import() -> None:
    source = "def f():\n    from geo.map.render import build_map\n"
    assert [m for _, m in _geo_imports(source)] == ["geo.map.render"]
    assert "map" not in ALLOWED["extract"]
