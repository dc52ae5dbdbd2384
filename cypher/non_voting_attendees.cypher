// name: non_voting_attendees
// question: Who attends or sits on a body without a vote, by constituency (for example agencies excluded from votes)?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, body, body_key, status, constituency, attendance, people, roles
// empty: every recorded member of every body in {la} has a vote
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
MATCH (p:Person)-[m:MEMBER_OF]->(b)
WHERE m.voting = false
  AND coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
RETURN s.name AS authority, b.name AS body, b.key AS body_key, CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END AS status,
       m.constituency AS constituency, m.attendance AS attendance, count(p) AS people,
       collect(DISTINCT m.role) AS roles
ORDER BY authority, body, body_key, constituency, attendance
