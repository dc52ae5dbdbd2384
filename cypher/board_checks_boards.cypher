// name: board_checks_boards
// question: What is each of these boards called, is it a trust, a federation's or a school's governing body, and how many schools does it govern on the date?
// params: keys (list): keys of boards
// returns: board, board_name, kind, schools
// internal: true
// schools: a federation's constitution asks one parent governor for each of them
// (Federations Regulations 2012, reg. 21(3)(a): docs/board-checks.md).
UNWIND $keys AS k
MATCH (b:Body {key: k})
WITH b
OPTIONAL MATCH (b)-[g:GOVERNS]->(s:School)
WHERE coalesce(g.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(g.end, 'open')
WITH b, count(DISTINCT s) AS schools
RETURN b.key AS board, b.name AS board_name,
       CASE WHEN b:Trust THEN 'trust' WHEN b:FederatedGoverningBody THEN 'federation'
            WHEN b:GoverningBody THEN 'governing_body' ELSE 'other' END AS kind, schools
