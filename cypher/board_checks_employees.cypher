// name: board_checks_employees
// question: Which register people on more than one board are, on the date, the head (ex officio) or an elected staff governor of a school that a trust or federation governs, and so employees of that trust?
// params: boards (list, optional): keys of the trusts or federations in scope; all when omitted
// returns: board, person_key, gids
// internal: true
// id(g1) <> id(g2): one GOVERNS is not walked twice (Neo4j never does; FalkorDB would, and
// the school's own board would count as the trust: tests/test_differential.py found it).
// With boards, the walk starts from those trusts (their key index), not from every person on
// several boards in the country.
CALL {
  UNWIND CASE WHEN $boards IS NULL THEN [1] ELSE [] END AS everyone
  MATCH (p:Person)
  WHERE p.boards > 1
  MATCH (p)-[e:MEMBER_OF]->(:GoverningBody)-[g1:GOVERNS]->(:School)<-[g2:GOVERNS]-(t:Body)
  WHERE id(g1) <> id(g2) AND e.appointment IN ['ex_officio_head', 'elected_staff']
  RETURN p, e, t
  UNION
  UNWIND coalesce($boards, []) AS k
  MATCH (t:Body {key: k})
  WITH t
  MATCH (t)-[g2:GOVERNS]->(:School)<-[g1:GOVERNS]-(:GoverningBody)<-[e:MEMBER_OF]-(p:Person)
  WHERE id(g1) <> id(g2) AND e.appointment IN ['ex_officio_head', 'elected_staff'] AND p.boards > 1
  RETURN p, e, t
}
WITH p, e, t
WHERE e.gid IS NOT NULL
  AND coalesce(e.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(e.end, 'open')
  AND ($boards IS NULL OR t.key IN $boards)
RETURN t.key AS board, p.key AS person_key, collect(DISTINCT e.gid) AS gids
ORDER BY board, person_key
