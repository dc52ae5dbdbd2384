"""The network page's date slider in headless Chromium (docs/time.md): what did not hold on the
chosen date fades, and the right end shows every date again."""
from __future__ import annotations

import networkx as nx
import pytest
from PIL import Image

import browser as B
from visualisations import network

READY = "window.govgraph && window.govgraph.stabilised"


def timeline_graph() -> nx.MultiDiGraph:
    """A board since 2006, an association proposed in 2007 and given up in 2008, and a
    governor's two terms on the board (dates illustrative)."""
    G = nx.MultiDiGraph()
    G.add_node("la", node_label="LocalAuthority", name="Time City")
    G.add_node("board", node_label="Partnership", name="Cluster board", status="active",
               established="2006-01-01", decision_rights="binding")
    G.add_node("assoc", node_label="Partnership", name="Governor association",
               status="not_materialised", proposed="2007-09-01", close_date="2008-07-31")
    G.add_node("gov", node_label="Person", name="A governor", kind="person")
    G.add_edge("board", "la", rel_type="IN_AREA")
    G.add_edge("assoc", "la", rel_type="IN_AREA")
    for start, end in (("2005-09-01", "2009-08-31"), ("2010-09-01", None)):
        G.add_edge("gov", "board", rel_type="MEMBER_OF", role="governor",
                   constituency="governor", voting=True, attendance="member", start=start, end=end)
    return G


def test_date_slider_fades_what_did_not_hold(chromium, tmp_path):
    view = network.view_from_graph(timeline_graph(), "Time City", "", grouped=False)
    page = B.open_page(chromium, network.render(view, tmp_path / "t.html"), READY)
    edge = {(e["from"], e["to"], (e["span"] or [None])[0]): e["id"] for e in view.edges}
    first, second = edge[("gov", "board", "2005-09-01")], edge[("gov", "board", "2010-09-01")]
    dates = page.evaluate("DATA.dates")
    assert dates == ["2005-09-01", "2006-01-01", "2007-09-01", "2008-07-31", "2009-08-31",
                     "2010-09-01"]
    assert page.is_visible("#date") and page.text_content("#date-value") == "all dates"

    def slide(i):
        page.evaluate("(i) => { var r = document.getElementById('date'); r.value = String(i);"
                      " r.dispatchEvent(new Event('input')); }", i)
        return page.evaluate("govgraph.faded")

    # 2007-09-01: the association proposed that day holds; the second term not yet
    faded = slide(2)
    assert "assoc" not in faded and "board" not in faded and second in faded
    assert first not in faded
    assert page.text_content("#date-value") == "as of 2007-09-01"
    assert page.evaluate("govgraph.nodes.get('board').opacity") == 1
    faded = slide(0)  # 2005-09-01: no board yet, so its seat fades with it
    assert {"board", "assoc", first, second} <= set(faded)
    assert page.evaluate("govgraph.nodes.get('assoc').opacity") == pytest.approx(0.12)
    faded = slide(3)  # 2008-07-31: the association was given up that day, with its IN_AREA
    assert "assoc" in faded and "board" not in faded
    assert edge[("assoc", "la", None)] in faded and edge[("board", "la", None)] \
        not in faded
    faded = slide(4)  # 2009-08-31: between the terms
    assert first in faded and second in faded
    faded = slide(5)  # 2010-09-01: the second term
    assert first in faded and second not in faded
    shot = tmp_path / "faded.png"
    page.screenshot(path=str(shot))
    assert Image.open(shot).size == (1400, 900)
    assert slide(len(dates)) == []  # the right end: every date, nothing faded
    assert page.text_content("#date-value") == "all dates"
    assert page.gg_errors == []


def test_page_opens_at_the_as_of_date(chromium, tmp_path):
    """`govgraph viz --as-of D`: the page opens faded to D, which becomes a slider stop."""
    view = network.view_from_graph(timeline_graph(), "Time City", "", grouped=False)
    view.as_of = "2008-01-01"
    page = B.open_page(chromium, network.render(view, tmp_path / "a.html"), READY)
    assert "2008-01-01" in page.evaluate("DATA.dates")
    assert page.evaluate("govgraph.date") == "2008-01-01"
    assert page.text_content("#date-value") == "as of 2008-01-01"
    faded = page.evaluate("govgraph.faded")
    assert "assoc" not in faded and "board" not in faded   # proposed then; board active
    assert page.gg_errors == []
