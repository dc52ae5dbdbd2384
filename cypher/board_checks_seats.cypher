// name: board_checks_seats
// question: Who holds which register seats on each board (one row per board and person), with the employee roles they hold in the board's trust, for the board checks?
// params: la (string, optional): resolved key of one local authority
//   group (string, optional): key of one trust or federation, group/<UID> (the board is it or governs under it)
// returns: board, board_name, kind, person, person_key, roles, appointments, gids, starts, ends, employee_gids
MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL
  AND ($la IS NULL OR (b)-[:GOVERNS*0..1]->()-[:IN_AREA]->(:LocalAuthority {key: $la}))
  AND ($group IS NULL OR b.key = $group OR (b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(:Body {key: $group}))
WITH b, p, collect(m.role) AS roles, collect(coalesce(m.appointment, 'other')) AS appointments,
     collect(m.gid) AS gids, collect(coalesce(m.start, '')) AS starts,
     collect(coalesce(m.term_end, '')) AS ends
WITH b, p, roles, appointments, gids, starts, ends,
     [(p)-[e:MEMBER_OF]->(:GoverningBody)-[:GOVERNS]->(:School)<-[:GOVERNS]-(b)
      WHERE e.appointment IN ['ex_officio_head', 'elected_staff'] | e.gid] AS employee_gids
RETURN b.key AS board, b.name AS board_name,
       CASE WHEN b:Trust THEN 'trust' WHEN b:FederatedGoverningBody THEN 'federation'
            WHEN b:GoverningBody THEN 'governing_body' ELSE 'other' END AS kind,
       p.name AS person, p.key AS person_key, roles, appointments, gids, starts, ends,
       employee_gids
ORDER BY board, person_key
