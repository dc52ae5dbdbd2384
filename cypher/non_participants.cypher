// name: non_participants
// question: Which schools and colleges of an area (open on the date) take no part in any of its active partnership bodies?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, area, institution, institution_key, kind
// empty: every school and college in {la} takes part in at least one partnership body active on the date asked (or now)
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (i:Institution)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WITH s, a, i
WHERE (i:School OR i:College)
  AND coalesce(i.proposed, i.established, i.open_date, i.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(i.close_date, 'open')
OPTIONAL MATCH (i)-[mi:MEMBER_INSTITUTION]->(b:Body)
WHERE CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END = 'active'
  AND coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
  AND coalesce(mi.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(mi.end, 'open')
  AND NOT b:GoverningBody
WITH s, a, i, count(b) AS bodies
WHERE bodies = 0
RETURN s.name AS authority, a.name AS area, i.name AS institution, i.key AS institution_key,
       [l IN labels(i) WHERE l <> 'Institution'][0] AS kind
ORDER BY authority, area, institution, institution_key
