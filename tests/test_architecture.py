"""The structure docs/architecture.md describes: small modules, layers that import downward,
and loaders that leave Cypher to graphmodel.writer (issue 15)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# lowest layer first: each may import only itself and the layers before it
LAYERS = ("graphmodel", "loaders", "analysis", "visualisations", "govgraph")
MAX_LINES = 400  # the brief: no modules of more than ~400 lines
CYPHER = re.compile(r"\b(MATCH|MERGE|UNWIND|DETACH DELETE)\b")


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_no_module_over_the_size_limit():
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for pkg in LAYERS for p in _modules(pkg)}
    assert len(sizes) > 40, "the packages were found"
    over = {p: n for p, n in sizes.items() if n > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (split them by responsibility): {over}"


def _imported_packages(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out & set(LAYERS)


def test_layers_import_only_downward():
    upward = []
    for i, pkg in enumerate(LAYERS):
        above = set(LAYERS[i + 1:])
        for path in _modules(pkg):
            bad = _imported_packages(path) & above
            if bad:
                upward.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not upward, upward


# Loader modules that still hold Cypher text of their own, and why (to move to writer.py).
CYPHER_IN_LOADERS = {
    "loaders/gias_people.py": "appointments into people: reads and rewrites of MEMBER_OF by GID",
    "loaders/gias_dates.py": "re-dating an extract: per-label rewrites of provenance and dates",
    # on the `time` branch (issue 12) when this was written: membership history rebuilt
    "loaders/gias_history.py": "membership start/end rebuilt from the extracts the store holds",
    "loaders/seat_packs.py": "the boards' packed seats (a cache): dropped, and written whole, "
                             "by one statement each",
}


def _string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_loaders_build_no_cypher_of_their_own():
    """One write path: a loader's Cypher is built in graphmodel/writer.py from schema names."""
    found = {}
    for path in _modules("loaders"):
        rel = str(path.relative_to(ROOT))
        hits = [s for s in _string_constants(path) if CYPHER.search(s) and " " in s.strip()]
        if hits:
            found[rel] = hits[0][:80]
    listed = {f for f in CYPHER_IN_LOADERS if (ROOT / f).exists()}
    assert listed <= set(found), \
        f"no Cypher left in {sorted(listed - set(found))}: drop it from the list"
    extra = {f: q for f, q in found.items() if f not in CYPHER_IN_LOADERS}
    assert not extra, f"Cypher built in loaders (move it to graphmodel/writer.py): {extra}"
    writer = " ".join(_string_constants(ROOT / "graphmodel" / "writer.py"))
    assert CYPHER.search(writer), "the writer's own statements were seen"
