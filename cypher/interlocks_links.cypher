// name: interlocks_links
// question: Which register boards are linked through people who sit on both, and what is the weakest resolution link behind each?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); a link is listed when one of its boards is in scope; all when omitted
//   min_confidence (float, optional): leave out appointments linked to their person with a lower confidence (0-1)
// returns: board_a, board_a_name, board_b, board_b_name, shared, people, person_keys, confidence
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
MATCH (p)-[m1:MEMBER_OF]->(b1:Body), (p)-[m2:MEMBER_OF]->(b2:Body)
WHERE b1.key < b2.key AND m1.gid IS NOT NULL AND m2.gid IS NOT NULL AND m1.voting AND m2.voting
  AND coalesce(m1.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m1.end, 'open')
  AND coalesce(m2.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m2.end, 'open')
  AND coalesce(m1.link_confidence, 1.0) >= coalesce($min_confidence, 0.0)
  AND coalesce(m2.link_confidence, 1.0) >= coalesce($min_confidence, 0.0)
  AND ($boards IS NULL OR b1.key IN $boards OR b2.key IN $boards)
WITH b1, b2, p, min(CASE WHEN coalesce(m1.link_confidence, 1.0) < coalesce(m2.link_confidence, 1.0)
                    THEN coalesce(m1.link_confidence, 1.0) ELSE coalesce(m2.link_confidence, 1.0) END) AS conf
WITH b1, b2, count(p) AS shared, collect(p.name) AS people, collect(p.key) AS person_keys,
     min(conf) AS confidence
RETURN b1.key AS board_a, b1.name AS board_a_name, b2.key AS board_b, b2.name AS board_b_name,
       shared, people, person_keys, confidence
ORDER BY shared DESC, board_a, board_b
