// name: interlocks_seats
// question: Which voting register seats, holding on the date, do the people with more than one such seat hold (one row per person), for the interlock reports?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); a person is listed when one of their boards is in scope; all when omitted
//   min_confidence (float, optional): leave out appointments linked to their person with a lower confidence (0-1)
// returns: person, person_key, seats
// internal: true
// seats: [board, board_name, role, gid, confidence] per appointment. People with one seat are
// left out on the server; the reports keep those on more than one board (a trust's board and
// its members count as two: analysis/register.py). Telling boards apart on the server (a
// collect DISTINCT per person) cost FalkorDB 0.1-0.3 s more nationally than the client takes.
// With boards, the people are found from the boards (their key index), not by reading every
// person on several boards in the country and keeping those with a seat in scope.
CALL {
  UNWIND CASE WHEN $boards IS NULL THEN [1] ELSE [] END AS everyone
  MATCH (p:Person)
  WHERE p.boards > 1
  RETURN p
  UNION
  UNWIND coalesce($boards, []) AS k
  MATCH (s:Body {key: k})
  WITH s
  MATCH (s)<-[:MEMBER_OF]-(p:Person)
  WHERE p.boards > 1
  RETURN p
}
WITH DISTINCT p
MATCH (p)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL AND m.voting
  AND coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
  AND coalesce(m.link_confidence, 1.0) >= coalesce($min_confidence, 0.0)
WITH p, collect([b.key, b.name, m.role, m.gid, coalesce(m.link_confidence, 1.0)]) AS seats
WHERE size(seats) > 1 AND ($boards IS NULL OR any(s IN seats WHERE s[0] IN $boards))
RETURN p.name AS person, p.key AS person_key, seats
