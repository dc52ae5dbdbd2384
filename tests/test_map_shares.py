"""Maps coloured by governor share (issue 16, "Maps"): each school's share is the pooled measure
of docs/measures.md over the partnership bodies it takes part in or is governed by, graded by its
weakest fact; a school with no voting seats on record is 'unknown', never 0.

Store tests run on both backends; the page is opened in headless Chromium (tests/browser.py).
"""
from __future__ import annotations

import pytest

from analysis import reports, school_shares
from graphmodel.writer import write_nodes, write_relationships
from visualisations import maps, style

from test_browser_pages import assert_no_script_from_data, chromium, worst_label_overlap  # noqa: F401
from test_visualisations import (AREAS, TESTSHIRE, cli, colour_pixels, testshire,  # noqa: F401
                                 write_csv)
import browser as B

DOC = {"evidence": "documented", "source": "tests/board.pdf", "source_ref": "para 3"}


@pytest.fixture
def sharedshire(testshire):  # noqa: F811
    """Testshire plus bodies its schools take part in, with shares of every kind:
    100001 in the joint committee (two parallel links) and the board: pooled 3 of 8 (0.38);
    100002 in the board only: 2 of 3 (0.67, documented); 100003 in the committee: 1 of 5;
    100004 in a heads' forum: 0 of 2 (absent, documented); 100005 in a trust of no area of
    the authority and governed by its own board (in no area either, as register boards may
    be): unknown (neither is counted)."""
    g = testshire
    g.write("MATCH (a:LocalAuthority {key: '919'}) SET a.evidence = 'documented'")
    write_nodes(g, {
        "Partnership": [{"key": "919/board", "props": {"name": "Schools board", "status": "active",
                                                       "decision_rights": "binding", **DOC}}],
        "Committee": [{"key": "919/forum", "props": {"name": "Heads forum", "status": "active",
                                                     **DOC}}],
        "GoverningBody": [{"key": "100005/gb", "props": {"name": "Echo governors",
                                                         "status": "active", **DOC}}],
        "Person": [{"key": f"919/p{i}", "props": {"name": f"P{i}", "kind": "seat", **DOC}}
                   for i in range(1, 8)]})
    seat = {"attendance": "member", **DOC}
    write_relationships(g, {
        ("IN_AREA", "Partnership", "LocalAuthority"): [{"from": "919/board", "to": "919",
                                                        "props": DOC}],
        ("IN_AREA", "Committee", "LocalAuthority"): [{"from": "919/forum", "to": "919",
                                                      "props": DOC}],
        ("MEMBER_OF", "Person", "Partnership"): [
            {"from": "919/p1", "to": "919/board", "props": dict(seat, role="governor",
                                                                constituency="governor", voting=True)},
            {"from": "919/p2", "to": "919/board", "props": dict(seat, role="governor",
                                                                constituency="governor", voting=True)},
            {"from": "919/p3", "to": "919/board", "props": dict(seat, role="headteacher",
                                                                constituency="headteacher",
                                                                voting=True)}],
        ("MEMBER_OF", "Person", "Committee"): [
            {"from": f"919/p{i}", "to": "919/forum", "props": dict(
                seat, role="headteacher", constituency="headteacher", voting=True)} for i in (4, 5)],
        ("MEMBER_OF", "Person", "GoverningBody"): [
            {"from": "919/p6", "to": "100005/gb", "props": dict(seat, role="governor",
                                                                constituency="governor", voting=True)}],
        ("MEMBER_INSTITUTION", "School", "JointCommittee"): [
            {"from": k, "to": "919/jc", "props": {"participation": "required"}}
            for k in ("100001", "100003")],
        ("MEMBER_INSTITUTION", "School", "Partnership"): [
            {"from": k, "to": "919/board", "props": {"participation": "required", **DOC}}
            for k in ("100001", "100002")],
        ("MEMBER_INSTITUTION", "School", "Committee"): [
            {"from": "100004", "to": "919/forum", "props": {"participation": "required", **DOC}}],
        ("GOVERNS", "GoverningBody", "School"): [{"from": "100005/gb", "to": "100005",
                                                   "props": DOC}]})
    # A parallel link (FalkorDB's trap): the committee must still be counted once for 100001.
    g.write("MATCH (s:School {key: $s}), (b:Body {key: $b}) "
            "CREATE (s)-[:MEMBER_INSTITUTION {participation: 'voluntary'}]->(b)",
            {"s": "100001", "b": "919/jc"})
    return g


def test_school_shares_pool_seats_and_keep_unknown(sharedshire):
    keys = ["100001", "100002", "100003", "100004", "100005"]
    shares, report = school_shares.governor_shares(sharedshire, "919", keys)
    got = {k: (s.share, s.verdict, s.evidence) for k, s in shares.items()}
    assert got == {"100001": (0.38, "minority", "illustrative"),   # (1 + 2) / (5 + 3), pooled
                   "100002": (0.67, "majority", "documented"),
                   "100003": (0.2, "minority", "illustrative"),
                   "100004": (0.0, "absent", "documented"),
                   "100005": (None, "unknown", None)}
    # the parallel link does not count the committee twice
    assert [b["key"] for b in shares["100001"].counted] == ["919/board", "919/jc"]
    unknown = shares["100005"]
    assert sorted((b["body"], b["why"]) for b in unknown.not_counted) == [
        ("<script>window.PWNED=1</script> Trust", school_shares.NOT_COUNTED["elsewhere"]),  # the trust is in no area of 919
        ("Echo governors", school_shares.NOT_COUNTED["board"])]
    assert unknown.counted == []
    # One definition: a school in one body has exactly that body's share in the report.
    per_body = {r["body_key"]: r for r in reports.representation(sharedshire, "919").rows}
    assert per_body["919/board"]["governor_share"] == shares["100002"].share
    assert per_body["919/jc"]["governor_share"] == shares["100003"].share
    assert sorted(report.body_keys) == ["919/board", "919/forum", "919/jc"]
    docs = {r["source"] for r in report.sources(sharedshire)}
    assert "tests/board.pdf" in docs


def test_governor_share_map_in_browser(sharedshire, chromium, tmp_path):  # noqa: F811
    res = maps.render_map(sharedshire, "919", tmp_path / "share.html", "governor-share",
                          tiles=None)
    assert res.drawn == 5 and res.categories == 4  # minority, majority, absent, unknown
    assert any("1 documented" not in n and "documented" in n and "illustrative" in n
               for n in res.notes)
    page = B.open_page(chromium, res.path, "window.govgraphMap && window.govgraphMap.ready")
    classes = page.evaluate("Array.from(document.querySelectorAll('.govgraph-legend [data-class]'))"
                            ".map(function(e){return e.getAttribute('data-class')})")
    assert classes == ["absent", "minority", "majority", "unknown"]
    grades = page.evaluate("""Array.from(document.querySelectorAll('.govgraph-legend [data-grade]'))
        .map(function(e){return [e.getAttribute('data-grade'), e.textContent,
                                 e.firstChild.style.opacity];})""")
    assert grades == [["documented", "Documented (solid): 2 school(s)", "1"],
                      ["illustrative", "Illustrative (faint): 2 school(s)",
                       str(style.EVIDENCE_OPACITY["illustrative"])]]
    legend = page.evaluate("document.querySelector('.govgraph-legend').textContent")
    assert "Schools by governor share" in legend and "Unknown: no voting seats on record" in legend
    assert "2 documented, 2 illustrative" in legend and "1 of 5 school(s) unknown" in legend
    assert "Seats from (question `representation`)" in legend and "tests/board.pdf" in legend
    fills = page.evaluate("""Array.from(document.querySelectorAll('path.govgraph-school')).map(
        function(p){return [p.getAttribute('fill'), p.getAttribute('fill-opacity'),
                            p.getAttribute('stroke-dasharray')]})""")
    unknown_colour = style.SHARE_CLASSES["unknown"][0]
    assert sorted(fills, key=str) == sorted([
        [style.SHARE_CLASSES["absent"][0], "1", None],
        [style.SHARE_CLASSES["minority"][0], str(style.EVIDENCE_OPACITY["illustrative"]), None],
        [style.SHARE_CLASSES["minority"][0], str(style.EVIDENCE_OPACITY["illustrative"]), None],
        [style.SHARE_CLASSES["majority"][0], "1", None],
        [unknown_colour, "1", "3 3"]], key=str)
    # Cluster names above their hulls, locality names below: no two area names overlap.
    boxes = page.evaluate("""Array.from(document.querySelectorAll('.govgraph-hull-label')).map(
        function(e){var r=e.getBoundingClientRect();
                    return {x:r.left, y:r.top, w:r.width, h:r.height, text:e.textContent};})""")
    assert len(boxes) == 5 and worst_label_overlap(boxes) <= 0.02, boxes
    shot = tmp_path / "share.png"
    page.screenshot(path=str(shot))
    for cls in ("absent", "majority"):  # documented: drawn in the table's exact colour
        assert colour_pixels(shot, style.SHARE_CLASSES[cls][0], 3) > 40, cls
    popups = page.evaluate("""(function(){var out={};
        govgraphMap.markers.forEach(function(m, k){
          m.openPopup(); out[k]=m.getPopup().getContent().textContent;});
        return out;})()""")
    assert sorted(popups) == ["100001", "100002", "100003", "100004", "100005"], popups
    assert "governor share: unknown (no voting seats on record)" in popups["100005"]
    assert "not counted: Echo governors (a school's own board)" in popups["100005"]
    assert "not a body of this authority" in popups["100005"]
    assert "governor share: 0.38 of 8 voting seats (minority)" in popups["100001"]
    assert "evidence: illustrative" in popups["100001"]
    assert "governor share: 0.00 of 2 voting seats (absent)" in popups["100004"]
    assert_no_script_from_data(page)
    assert [u for u in page.gg_requests if not u.startswith(("file:", "data:"))] == []


def test_cli_map_governor_share_says_what_it_knows(cli, cli_env):  # noqa: F811
    d = cli_env
    (d / "t.yaml").write_text(TESTSHIRE, encoding="utf-8")
    assert cli("load", "cases", str(d / "t.yaml")).exit_code == 0
    assert cli("load", "areas", str(write_csv(d / "a.csv", AREAS)), "--la", "919").exit_code == 0
    r = cli("map", "--la", "Testshire", "--colour", "governor-share", "-o", str(d / "m.html"))
    # No school of Testshire takes part in a body: every share is unknown, none is 0.
    assert r.exit_code == 0, r.output
    assert "5 schools in 1 governor-share group" in r.output
    assert "5 of 5 school(s) unknown" in r.output and "Evidence" not in r.output
    page = (d / "m.html").read_text(encoding="utf-8")
    assert style.SHARE_CLASSES["unknown"][1] in page
    assert style.SHARE_CLASSES["absent"][0] not in page  # no school drawn as a share of 0


def test_pooled_ranges_inactive_bodies_and_their_classes():
    """Seats given as a range pool as ranges; a verdict span is the map's 'range' class; a
    body that is not active is named and not counted (no store needed: rows as the report's)."""
    def row(name, status, gv, other_lo, other_hi, evidence="documented"):
        low = {"professional": other_lo, "governor": gv, "other": 0, "voting": gv + other_lo}
        high = {"professional": other_hi, "governor": gv, "other": 0, "voting": gv + other_hi}
        return {"body": name, "kind": "Partnership", "status": status, "seats_low": low,
                "seats_high": high, "governor_share": None, "voting": None, "evidence": evidence}
    bodies = {"a": row("A", "active", 2, 1, 3, "inferred"),
              "b": row("B", "proposed", 9, 0, 0)}
    s = school_shares.pooled("s", {"a": ["documented"], "b": ["documented"]}, bodies)
    assert (s.share, s.verdict, s.evidence) == ("0.40-0.67", "minority to majority", "inferred")
    assert s.voting == "3-5" and s.governors_voting == 2
    assert s.not_counted == [{"body": "B", "why": school_shares.NOT_COUNTED["inactive"]}]
    assert style.share_class(s.verdict) == "range"
    assert style.share_class("half") == "half" and style.share_class("unknown") == "unknown"
    none = school_shares.pooled("t", {}, bodies)
    assert (none.share, none.verdict, none.evidence, none.voting) == (None, "unknown", None, None)
