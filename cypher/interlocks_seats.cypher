// name: interlocks_seats
// question: Which voting register seats, holding on the date, do the people on more than one board hold (one row per person), for the interlock reports?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); a person is listed when one of their boards is in scope; all when omitted
//   min_confidence (float, optional): leave out appointments linked to their person with a lower confidence (0-1)
// returns: person, person_key, seats
// internal: true
// seats: [board, board_name, role, gid, confidence] per appointment. A trust's board and its
// members count as two boards; people on one board only are left out on the server. With
// boards, the people are found from the boards (their key index), not by reading every person
// on several boards in the country and keeping those with a seat in scope.
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
WITH p, collect([b.key, b.name, m.role, m.gid, coalesce(m.link_confidence, 1.0)]) AS seats,
     collect(DISTINCT CASE WHEN m.role STARTS WITH 'Member' THEN b.key + '#members' ELSE b.key END) AS board_keys
WHERE size(board_keys) > 1 AND ($boards IS NULL OR any(s IN seats WHERE s[0] IN $boards))
RETURN p.name AS person, p.key AS person_key, seats
