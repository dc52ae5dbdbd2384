// name: interlocks_register
// question: Which register people hold voting seats on more than one board (trust boards, trust members, local and maintained governing bodies), and how sure is each person's resolution?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); a person is listed when one of their boards is in scope; all when omitted
//   min_confidence (float, optional): leave out appointments linked to their person with a lower confidence (0-1)
// returns: person, person_key, boards, board_keys, board_names, roles, gids, confidence
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
WITH p, b, m, CASE WHEN toLower(m.role) STARTS WITH 'member' THEN b.key + '#members' ELSE b.key END AS board
WITH p, collect(DISTINCT board) AS board_keys, collect(DISTINCT b.name) AS board_names,
     collect(DISTINCT b.key) AS body_keys, collect(DISTINCT m.role) AS roles,
     collect(m.gid) AS gids, min(coalesce(m.link_confidence, 1.0)) AS confidence
WHERE size(board_keys) > 1 AND ($boards IS NULL OR any(k IN body_keys WHERE k IN $boards))
RETURN p.name AS person, p.key AS person_key, size(board_keys) AS boards, board_keys,
       board_names, roles, gids, confidence
ORDER BY boards DESC, person_key
