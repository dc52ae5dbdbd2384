// name: board_checks_seats
// question: Who holds which register seats on each board (one row per board and person), for the board checks and register representation?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); all when omitted
// returns: board, board_name, kind, person, person_key, roles, appointments, gids, starts, ends
MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL
  AND ($boards IS NULL OR b.key IN $boards)
WITH b, p, collect(m.role) AS roles, collect(coalesce(m.appointment, 'other')) AS appointments,
     collect(m.gid) AS gids, collect(coalesce(m.start, '')) AS starts,
     collect(coalesce(m.term_end, '')) AS ends
RETURN b.key AS board, b.name AS board_name,
       CASE WHEN b:Trust THEN 'trust' WHEN b:FederatedGoverningBody THEN 'federation'
            WHEN b:GoverningBody THEN 'governing_body' ELSE 'other' END AS kind,
       p.name AS person, p.key AS person_key, roles, appointments, gids, starts, ends
ORDER BY board, person_key
