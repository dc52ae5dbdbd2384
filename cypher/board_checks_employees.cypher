// name: board_checks_employees
// question: Which register people on more than one board are, on the date, the head (ex officio) or an elected staff governor of a school that a trust or federation governs, and so employees of that trust?
// params: boards (list, optional): keys of the trusts or federations in scope; all when omitted
// returns: board, person_key, gids
// internal: true
// id(g1) <> id(g2): one GOVERNS is not walked twice (Neo4j never does; FalkorDB would, and
// the school's own board would count as the trust: tests/test_differential.py found it)
MATCH (p:Person)
WHERE p.boards > 1
MATCH (p)-[e:MEMBER_OF]->(:GoverningBody)-[g1:GOVERNS]->(:School)<-[g2:GOVERNS]-(t:Body)
WHERE id(g1) <> id(g2) AND e.gid IS NOT NULL AND e.appointment IN ['ex_officio_head', 'elected_staff']
  AND coalesce(e.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(e.end, 'open')
  AND ($boards IS NULL OR t.key IN $boards)
RETURN t.key AS board, p.key AS person_key, collect(DISTINCT e.gid) AS gids
ORDER BY board, person_key
