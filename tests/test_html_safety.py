"""Generated pages escape data and load no remote script: networks, maps and SVG figures.

A store whose names, roles, notes, keys and sources are script payloads is drawn as every page
kind, on both backends. Each page is parsed: no payload appears raw, no <script src> or
<link href> is remote (map tile URL templates live inside the map script, as text), no element
carries an event handler, no script element holds only a payload. Then (where Chromium is
installed) each page is opened headless, offline: no alert runs, no page error, no request
leaves the machine except map tiles, and the payloads show as text.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from loaders.cases import load_files
from tally_plugin import add

XSS = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>",
       "</script><script>alert(3)</script>", "\"><svg onload=alert(4)>",
       "'><iframe src=javascript:alert(5)></iframe>", "${alert(6)}", "`+alert(7)+`",
       "<!--<script>alert(8)</script>-->", "\u2028alert(9)\u2029",
       "</style><script>alert(10)</script>", "javascript:alert(11)",
       "<b onmouseover=alert(12)>hover</b>"]
LA = "998"
BOARD = "xss/board<img src=x onerror=alert(13)>"
REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
TILE_HOSTS = ("tile.openstreetmap.org",)


def xss_case(folder: Path) -> Path:
    n = [{"key": LA, "label": "LocalAuthority", "name": XSS[0], "code": LA, "source_ref": XSS[1]},
         {"key": f"{LA}/cluster/x", "label": "Cluster", "name": XSS[2], "tier": "neighbourhood",
          "note": XSS[3], "source_ref": XSS[4]},
         {"key": BOARD, "label": "Partnership", "name": XSS[1], "purpose": XSS[4], "note": XSS[5],
          "status": "active", "tier": "neighbourhood", "source": XSS[6], "source_ref": XSS[7]},
         {"key": "group/99801", "label": "Trust", "name": XSS[8], "status": "active",
          "group_uid": 99801, "kind": "mat", "source_ref": XSS[9]}]
    r = [{"type": "PART_OF", "from": f"{LA}/cluster/x", "to": LA, "source_ref": XSS[10]},
         {"type": "IN_AREA", "from": BOARD, "to": f"{LA}/cluster/x", "source_ref": XSS[11]}]
    for i, p in enumerate(XSS):
        n.append({"key": f"xss/person/{i}{p}", "label": "Person", "name": p, "kind": "seat",
                  "note": p, "source_ref": p})
        r.append({"type": "MEMBER_OF", "from": f"xss/person/{i}{p}", "to": BOARD, "role": p,
                  "constituency": ("governor", "headteacher", "officer")[i % 3], "voting": True,
                  "attendance": "member", "note": p, "source_ref": p})
        urn = 998000 + i
        n.append({"key": str(urn), "label": "School", "name": p, "urn": urn, "la_code": LA,
                  "phase": p, "type_group": p, "easting": 520000 + 150 * i,
                  "northing": 220000 + 90 * (i % 4), "source": p, "source_ref": p})
        r.append({"type": "IN_AREA", "from": str(urn), "to": f"{LA}/cluster/x", "source_ref": p})
        r.append({"type": "MEMBER_INSTITUTION", "from": str(urn), "to": "group/99801",
                  "participation": "required", "note": p, "source_ref": p})
        r.append({"type": "MEMBER_INSTITUTION", "from": str(urn), "to": BOARD,
                  "participation": "voluntary", "joined": p, "source_ref": p})
    path = folder / "xss.yaml"
    path.write_text(yaml.safe_dump({"case": "xss", "source": "xss.txt", "nodes": n,
                                    "relationships": r}, allow_unicode=True), encoding="utf-8")
    return path


class Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.script_src, self.link_href, self.handlers, self.frames = [], [], [], []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.handlers += [f"<{tag} {k}=...>" for k in a if k.lower().startswith("on")]
        if tag in ("iframe", "object", "embed", "base", "frame"):
            self.frames.append(tag)
        if tag == "script":
            self._in_script = True
            if a.get("src"):
                self.script_src.append(a["src"])
            self.inline.append("")
        if tag == "link" and a.get("href"):
            self.link_href.append(a["href"])
        if tag in ("img", "source", "audio", "video") and a.get("src"):
            self.link_href.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self.inline:
            self.inline[-1] += data


def check_static(text: str) -> Scan:
    for p in XSS:
        add("inputs_tried")
        if set("<>") & set(p):
            assert p not in text, f"payload {p!r} appears raw in the page"
    s = Scan()
    s.feed(text)
    assert not s.handlers, f"event-handler attributes from data: {s.handlers}"
    assert not s.frames, s.frames
    remote = [u for u in s.script_src + s.link_href if REMOTE.match(u)]
    assert not remote, f"remote scripts or stylesheets: {remote}"
    lone = [t for t in s.inline if re.fullmatch(r"\s*alert\(\d+\)\s*", t)]
    add("scripts_executed", len(lone))
    assert not lone, "a payload broke out into its own <script>"
    css = "".join(re.findall(r"<style[^>]*>(.*?)</style>", text, re.S))
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css, re.I), "remote CSS"
    return s


@pytest.fixture
def xss_graph(empty_graph, tmp_path):
    load_files(empty_graph, [xss_case(tmp_path)])
    return empty_graph


def pages(g, folder: Path) -> list[tuple[Path, bool]]:
    """Every page kind, as (path, may request map tiles)."""
    from visualisations import maps, network

    out = []
    views = {"authority": network.authority_view(g, LA),
             "board": network.neighbourhood_view(g, BOARD, 1, "network"),
             "person": network.neighbourhood_view(g, f"xss/person/1{XSS[1]}", 2, "memberships"),
             "split": network.split_view(g, BOARD)}
    for name, view in views.items():
        out.append((network.render(view, folder / f"{name}.html"), False))
    for colour, tiles in (("cluster", "OpenStreetMap"), ("trust", "OpenStreetMap"),
                          ("locality", None)):
        res = maps.render_map(g, LA, folder / f"map-{colour}.html", colour, tiles=tiles)
        assert res.drawn == len(XSS)
        out.append((res.path, bool(tiles)))
    return out


def test_pages_escape_data_and_link_nothing_remote(xss_graph, tmp_path):
    made = pages(xss_graph, tmp_path)
    assert len(made) == 7
    for path, tiles in made:
        text = path.read_text(encoding="utf-8")
        check_static(text)
        if tiles:  # the tile URL template is the only remote address, inside the map script
            assert any(h in text for h in TILE_HOSTS)


def test_svg_figure_has_no_script_and_escapes(xss_graph, tmp_path):
    from visualisations import figures

    path, _ = figures.representation_figure(xss_graph, LA, tmp_path / "rep.svg")
    text = Path(path).read_text(encoding="utf-8")
    assert "<script" not in text.lower() and "onerror" not in text.replace("onerror=alert", "")
    check_static(text)


def _browser():
    try:
        import browser as B
    except ImportError:
        return None, "tests/browser.py missing"
    if not B.chromium_path():
        return None, "no chromium installed"
    return B, None


READY = ("(window.govgraph && window.govgraph.stabilised) || "
         "(window.govgraphMap && window.govgraphMap.ready)")
OPEN_POPUPS = ("Object.keys(window).filter(function(k){return /^map_/.test(k)})"
               ".forEach(function(k){window[k].eachLayer(function(l){"
               "if(l.getPopup&&l.getPopup()){l.openPopup();}})}); true")


def test_pages_run_no_payload_in_a_browser(xss_graph, tmp_path):
    B, why = _browser()
    if B is None:
        pytest.skip(why)
    made = pages(xss_graph, tmp_path)
    with B.Browser() as b:
        for path, tiles in made:
            page = b.new_page()
            page.goto(path.resolve().as_uri())
            page.wait_for(READY, 60)
            if "map-" in path.name:
                page.evaluate(OPEN_POPUPS)
            alerts = page.evaluate("window.__alerts")
            add("scripts_executed", len(alerts))
            assert alerts == [], (path.name, alerts)
            assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onmouseover],"
                                 "iframe').length") == 0
            assert page.exceptions() == [], (path.name, page.exceptions())
            remote = [u for u in page.requests() if not u.startswith(("file:", "data:", "about:"))]
            allowed = [u for u in remote if tiles and any(h in u for h in TILE_HOSTS)]
            assert remote == allowed, (path.name, sorted(set(remote) - set(allowed))[:5])
            shown = page.evaluate("document.body.innerText + ' ' + document.title")
            assert XSS[0] in shown or XSS[1] in shown or "map-" in path.name, path.name
