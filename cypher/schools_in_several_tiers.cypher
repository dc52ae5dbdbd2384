// name: schools_in_several_tiers
// question: Which schools and colleges take part in partnership bodies at more than one tier of the same authority?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, institution, institution_key, tiers, bodies
// empty: no school or college in {la} takes part in active bodies at more than one tier
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (i:Institution)-[mi:MEMBER_INSTITUTION]->(b:Body)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WITH s, i, mi, b, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END AS tier
WHERE CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END = 'active'
  AND coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
  AND coalesce(mi.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(mi.end, 'open')
  AND coalesce(i.proposed, i.established, i.open_date, i.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(i.close_date, 'open')
WITH s, i, collect(DISTINCT tier) AS tiers, collect(DISTINCT b.name) AS bodies
WHERE size(tiers) > 1
RETURN s.name AS authority, i.name AS institution, i.key AS institution_key, tiers, bodies
ORDER BY authority, institution, institution_key
