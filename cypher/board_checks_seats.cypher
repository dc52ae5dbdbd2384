// name: board_checks_seats
// question: Which register seats (GIAS governance rows) does each board hold on the date: who, in which role, appointed how, and for which term (one row per appointment)?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); all when omitted
// returns: board, person, person_key, role, appointment, gid, start, end
MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL
  AND coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
  AND ($boards IS NULL OR b.key IN $boards)
RETURN b.key AS board, p.name AS person, p.key AS person_key, m.role AS role,
       coalesce(m.appointment, 'other') AS appointment, m.gid AS gid,
       coalesce(m.start, '') AS start, coalesce(m.term_end, '') AS end
