// name: interlocks_seats
// question: Which voting register seats, holding on the date, do the people listed on more than one board hold (one row per seat), for the interlock reports?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); a person is listed when one of their boards is in scope; all when omitted
//   min_confidence (float, optional): leave out appointments linked to their person with a lower confidence (0-1)
// returns: person, person_key, board, board_name, role, gid, confidence
// internal: true
// One row per seat: the reports group them by person and keep those on more than one board
// on the date (a trust's board and its members count as two: analysis/register.py).
// Grouping on the server (a collect per person) cost FalkorDB 0.1 s more nationally than the
// client takes to group 26,000 rows (benchmarks/README.md, 2026-12-01).
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
RETURN p.name AS person, p.key AS person_key, b.key AS board, b.name AS board_name,
       m.role AS role, m.gid AS gid, coalesce(m.link_confidence, 1.0) AS confidence
