// name: interlocks_seats
// question: Which voting register seats do the people on more than one board hold (one row per appointment), for the interlock reports?
// params: min_confidence (float, optional): leave out appointments linked to their person with a lower confidence (0-1)
// returns: person, person_key, board, board_name, role, gid, confidence
// internal: true
MATCH (p:Person)
WHERE p.boards > 1
MATCH (p)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL AND m.voting
  AND coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
  AND coalesce(m.link_confidence, 1.0) >= coalesce($min_confidence, 0.0)
RETURN p.name AS person, p.key AS person_key, b.key AS board, b.name AS board_name,
       m.role AS role, m.gid AS gid, coalesce(m.link_confidence, 1.0) AS confidence
