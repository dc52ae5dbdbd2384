// name: interlocks_register
// question: Which register people hold voting seats on more than one board (trust boards, trust members, local and maintained governing bodies), and how sure is each person's resolution?
// params: la (string, optional): resolved key of one local authority (a board of the person is there)
//   group (string, optional): key of one trust or federation, group/<UID> (a board of the person is it or governs under it)
//   min_confidence (float, optional): leave out appointments linked to the person with a lower confidence (0-1)
// returns: person, person_key, boards, board_keys, board_names, roles, gids, confidence
MATCH (p:Person)-[a:MEMBER_OF]->(b0:Body)
WHERE a.gid IS NOT NULL AND a.voting
  AND ($la IS NULL OR (b0)-[:GOVERNS*0..1]->()-[:IN_AREA]->(:LocalAuthority {key: $la}))
  AND ($group IS NULL OR b0.key = $group
       OR (b0)-[:GOVERNS]->(:School)<-[:GOVERNS]-(:Body {key: $group}))
WITH DISTINCT p
MATCH (p)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL AND m.voting
  AND coalesce(m.link_confidence, 1.0) >= coalesce($min_confidence, 0.0)
WITH p, b, m, CASE WHEN m.role STARTS WITH 'Member' THEN b.key + '#members' ELSE b.key END AS board
WITH p, collect(DISTINCT board) AS board_keys, collect(DISTINCT b.name) AS board_names,
     collect(DISTINCT m.role) AS roles, collect(m.gid) AS gids,
     min(coalesce(m.link_confidence, 1.0)) AS confidence
WHERE size(board_keys) > 1
RETURN p.name AS person, p.key AS person_key, size(board_keys) AS boards, board_keys,
       board_names, roles, gids, confidence
ORDER BY boards DESC, person_key
