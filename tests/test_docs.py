"""Every example in README.md and docs/*.md runs here, so none can rot (as sqlite-utils and
datasette test their documentation).

- ```bash blocks: each `govgraph ...` command (also `.venv/bin/govgraph`, and each part of an
  `a && b` chain) runs through click's CliRunner, in document order, on each backend, in a
  directory holding the files the examples name. It must exit 0 without a traceback, a report or
  query must answer with rows, and a file it is told to write (-o) must appear. Any other command
  must be listed in NOT_RUN with the reason and a check of what it relies on, so that a new
  example cannot slip in untested.
- ```python blocks run with exec() against the same kind of store (Graph.open() follows
  GOVGRAPH_DATA_DIR or GOVGRAPH_URI) and must print text for people, not raw dicts.
- ```yaml blocks that are case files pass `govgraph load cases --check`.

The files the examples name are made here: my_authority.yaml is docs/case-format.md's example
under its own case id; my_scores.csv a cluster self-evaluation; the GIAS extracts are tests/gias_fixtures.py's small
register in the raw download layouts (no register data is committed); clusters.csv assigns six
synthetic Hertfordshire (919) schools, written into the store with grid coordinates because the
offline corpus has none, to clusters and localities.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from govgraph.cli import main
from graphmodel import Graph

import gias_fixtures
from conftest import holder

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)


@dataclass
class Example:
    file: str
    line: int
    lang: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def examples(lang: str | None = None) -> list[Example]:
    out = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 2
            out.append(Example(path.relative_to(ROOT).as_posix(), line, m.group(1) or "text",
                               m.group(2)))
    return [e for e in out if lang is None or e.lang == lang]


def shell_commands(ex: Example) -> list[tuple[int, list[str]]]:
    """(line, argv) of each command in a shell block: comments dropped, `&&` chains split."""
    out = []
    lines = ex.text.splitlines()
    i = 0
    while i < len(lines):
        start, line = i, lines[i]
        while line.endswith("\\") and i + 1 < len(lines):
            i += 1
            line = line[:-1] + " " + lines[i]
        i += 1
        words = shlex.split(line, comments=True)
        cmd: list[str] = []
        for w in [*words, "&&"]:
            if w == "&&":
                if cmd:
                    out.append((ex.line + start, cmd))
                cmd = []
            else:
                cmd.append(w)
    return out


def _check_ci() -> None:
    text = (ROOT / ".ci" / "run").read_text()
    assert "scripts/find-python" in text and "python -m pytest" in text


def _check_packages() -> None:
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())
    data = conf["tool"]["setuptools"]["package-data"]
    for pkg in conf["tool"]["setuptools"]["packages"]:
        folder = ROOT.joinpath(*pkg.split("."))
        if pkg in data and not any(folder.glob("*.py")):  # a data folder: its files ship
            assert any(f for pat in data[pkg] for f in folder.glob(pat) if f.is_file()), \
                f"pyproject lists data folder {pkg}, but its package-data matches no file"
            continue
        assert (folder / "__init__.py").exists(), f"pyproject lists {pkg}, which has no __init__.py"
    assert "govgraph" in conf["project"]["scripts"]


def _check_finder() -> None:
    p = subprocess.run([str(ROOT / "scripts" / "find-python"), "-c",
                        "import sys; print(sys.version_info >= (3, 12))"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stdout.strip() == "True", p.stderr


def _check_env_example() -> None:
    assert re.search(r"^NEO4J_PASSWORD=$", (ROOT / ".env.example").read_text(), re.M)
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def _check_compose() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    images = [s.get("image", "") for s in compose["services"].values()]
    assert any(i.startswith("neo4j:5.26") for i in images), images


# Commands the suite does not run, why, and what is checked instead. Keyed by the exact text.
NOT_RUN = {
    "scripts/find-python -m venv .venv": (
        "makes a virtualenv; the finder is tested on fake machines in test_python_finder.py "
        "and here finds a Python >= 3.12", _check_finder),
    ".venv/bin/pip install -e .": (
        "installs from PyPI; checked: every package pyproject lists exists", _check_packages),
    "bash .ci/run": ("is this suite", _check_ci),
    "cp .env.example .env": ("writes your .env; checked: the example has the password line "
                             "and .env is git-ignored", _check_env_example),
    "docker compose up -d": ("needs Docker; checked: the compose file runs Neo4j 5.26; the "
                             "suite's own Neo4j comes from tests/neo4j", _check_compose),
    "export GOVGRAPH_URI=bolt://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=...": (
        "sets the environment; the Neo4j run below sets the same variables", None),
}

# --- the files the examples name ---------------------------------------------------------
HERTS_SCHOOLS = [  # synthetic: URN, name, easting, northing, cluster, locality
    ("990001", "Docs Test Primary A", 510000, 210000, "North", "West"),
    ("990002", "Docs Test Primary B", 512000, 211000, "North", "West"),
    ("990003", "Docs Test Primary C", 511000, 213000, "North", "West"),
    ("990004", "Docs Test Secondary D", 520000, 220000, "East", "East side"),
    ("990005", "Docs Test Primary E", 522000, 221500, "East", "East side"),
    ("990006", "Docs Test Primary F", 521000, 223000, "East", "East side"),
]


def write_world(d: Path) -> None:
    """The files the examples name, in the directory they run in."""
    gias_fixtures.scenario(d)      # a small register in the raw GIAS layouts, dated 2024-01-29
    case = next(e for e in examples("yaml") if e.file == "docs/case-format.md").text
    (d / "my_authority.yaml").write_text(
        case.replace("coast-city", "my-authority").replace("Coast City", "My Authority"),
        encoding="utf-8")
    (d / "my_scores.csv").write_text(
        "position,leaders,governors\n" + "".join(f"{p},2,{1 + p % 4}\n" for p in range(1, 8)))
    (d / "clusters.csv").write_text("URN,Cluster,Locality\n" + "".join(
        f"{u},{c},{loc}\n" for u, _, _, _, c, loc in HERTS_SCHOOLS))
    nodes = "".join(
        f'  - {{key: "{u}", label: School, name: {n}, urn: {u}, la_code: "919", '
        f'easting: {e}, northing: {no}, phase: Primary, source_ref: "row {i}"}}\n'
        for i, (u, n, e, no, _, _) in enumerate(HERTS_SCHOOLS, 1))
    (d / "herts-schools.yaml").write_text(
        "case: docs-test-herts\ntitle: Synthetic Hertfordshire schools for the documentation "
        "tests\nsource: tests/test_docs.py\nnodes:\n" + nodes, encoding="utf-8")


class World:
    """Runs documented commands against one store, restoring the corpus after a reset."""

    def __init__(self, d: Path, store_args: list[str]):
        self.d, self.store_args = d, store_args
        self.runner = CliRunner()

    def cli(self, *args: str):
        # "y" answers a confirmation (init --reset asks) as the reader would
        return self.runner.invoke(main, [*self.store_args, *args], input="y\n",
                                  catch_exceptions=True)

    def restore(self) -> None:
        for args in (["init", "--reset"], ["load", "cases"], ["load", "cases", "herts-schools.yaml"]):
            r = self.cli(*args)
            assert r.exit_code == 0, f"setting up the documentation store: {args}: {r.output}"


@pytest.fixture
def world(request, backend, tmp_path, monkeypatch):
    write_world(tmp_path)
    monkeypatch.chdir(tmp_path)
    if backend == "neo4j":
        h = holder(request, "neo4j")           # skips or fails (CI) as the other Neo4j tests do
        h.state = "unknown"                    # the documented commands change what it holds
        store_args = ["--uri", os.environ["NEO4J_URI"]]
        monkeypatch.setenv("GOVGRAPH_URI", os.environ["NEO4J_URI"])
    else:
        store_args = ["--data-dir", str(tmp_path / "store")]
        monkeypatch.setenv("GOVGRAPH_DATA_DIR", str(tmp_path / "store"))
        monkeypatch.delenv("GOVGRAPH_URI", raising=False)
        # held open so that the embedded server stays up between commands, as in a session
        keep = Graph.open(data_dir=tmp_path / "store")
    yield World(tmp_path, store_args)
    if backend == "neo4j":
        h.graph.clear()
    else:
        keep.close()


def _output_file(argv: list[str]) -> str | None:
    for flag in ("-o", "--output"):
        if flag in argv:
            return argv[argv.index(flag) + 1]
    return None


@pytest.mark.parametrize("doc", sorted({e.file for e in examples()
                                         if e.lang in ("bash", "sh", "shell", "console")}))
def test_shell_examples_run(doc, world):
    world.restore()
    failures = []
    ran = 0
    for ex in examples():
        if ex.file != doc or ex.lang not in ("bash", "sh", "shell", "console"):
            continue
        for line, argv in shell_commands(ex):
            where = f"{ex.file}:{line}: {shlex.join(argv)}"
            if Path(argv[0]).name != "govgraph":
                text = shlex.join(argv).replace("'", "")
                if text not in NOT_RUN:
                    failures.append(f"{where}: neither a govgraph command nor listed in NOT_RUN")
                elif NOT_RUN[text][1]:
                    try:
                        NOT_RUN[text][1]()
                    except AssertionError as e:
                        failures.append(f"{where}: its check failed: {e}")
                continue
            ran += 1
            out_file = _output_file(argv)
            if out_file:
                p = world.d / out_file
                if p.is_dir():
                    shutil.rmtree(p)
                elif p.exists():
                    p.unlink()
            r = world.cli(*argv[1:])
            problem = None
            if r.exit_code != 0 or "Traceback" in r.output:
                problem = f"exit {r.exit_code}"
            elif argv[1] in ("report", "query", "assess") and "no rows" in r.output:
                problem = "answers with no rows: pick an example that shows something"
            elif not r.output.strip():
                problem = "printed nothing"
            elif out_file and not (world.d / out_file).exists():
                problem = f"did not write {out_file}"
            if problem:
                failures.append(f"{where}: {problem}\n{r.output[-1500:]}")
            if argv[1:3] == ["init", "--reset"]:
                world.restore()
    assert not failures, "\n\n".join(failures)
    if doc == "README.md":
        assert ran >= 20, f"only {ran} govgraph commands found in {doc}"


@pytest.mark.parametrize("ex", examples("python"), ids=lambda e: e.where)
def test_python_examples_run(ex, world, capsys):
    exec(compile(ex.text, ex.where, "exec"), {"__name__": "__docs__"})
    out = capsys.readouterr().out
    assert out.strip(), f"{ex.where} printed nothing"
    assert "[{" not in out and "{'" not in out, f"{ex.where} prints raw dicts:\n{out[:800]}"
    if ex.file == "README.md" and "compare.compare(g)" in ex.text:
        # the notebook example: the question, then the authorities side by side, then sources
        assert "How do the authorities compare" in out
        header = next(line for line in out.splitlines() if "Centro City" in line)
        assert "Coast City" in header and "Met Borough" in header
        assert "000_bc9857864c985559.txt" in out


@pytest.mark.parametrize("ex", [e for e in examples("yaml") if "case:" in e.text],
                         ids=lambda e: e.where)
def test_case_file_examples_validate(ex, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVGRAPH_DATA_DIR", str(tmp_path / "store"))
    f = tmp_path / "example.yaml"
    f.write_text(ex.text, encoding="utf-8")
    r = CliRunner().invoke(main, ["load", "cases", "--check", str(f)])
    assert r.exit_code == 0 and r.output.startswith("ok"), f"{ex.where}:\n{r.output}"


# Blocks that are not examples to run: (file, language, start of the first line): why.
NOT_EXAMPLES = {
    ("docs/writing-questions.md", "cypher", "// name: decision_power"):
        "a header template with elisions",
    ("docs/case-format.md", "text", "my_notes.yaml:line 4:"): "an error message, shown",
    ("docs/case-format.md", "yaml", "- {key: coast-city, label: LocalAuthority, amends: true"):
        "one node of a case file, amending another file's node",
}


def test_every_example_is_covered():
    """A block in a language none of the tests above runs must be named here, with why."""
    for ex in examples():
        if ex.lang in ("bash", "sh", "shell", "console", "python"):
            continue
        if ex.lang == "yaml" and "case:" in ex.text:
            continue
        first = ex.text.strip().splitlines()[0] if ex.text.strip() else ""
        assert any(f == ex.file and lang == ex.lang and first.startswith(start)
                   for f, lang, start in NOT_EXAMPLES), \
            f"{ex.where}: a ```{ex.lang} block that no test runs; run it or list it in NOT_EXAMPLES"
