// name: board_checks_rows
// question: Which register seats (GIAS governance rows) does each board list, whatever their dates, packed one string per appointment for the board checks?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); all when omitted
// returns: seat
// internal: true
// seat: board, person key, GID, role, appointment, start, end and (for a chair of trustees
// only) the person's name, joined by tabs. Nationally this is 300,000 rows: one value per row
// instead of eight is what the client spends its time parsing (benchmarks/bench_register.py).
MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL AND ($boards IS NULL OR b.key IN $boards)
RETURN b.key + '\t' + p.key + '\t' + m.gid + '\t' + coalesce(m.role, '') + '\t'
       + coalesce(m.appointment, 'other') + '\t' + coalesce(m.start, '') + '\t'
       + coalesce(m.end, '') + '\t'
       + CASE WHEN toLower(m.role) = 'chair of trustees' THEN coalesce(p.name, '') ELSE '' END AS seat
