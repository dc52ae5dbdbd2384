// name: membership_projection
// question: Which person-to-body memberships and body-to-body links form the network in which brokers are measured?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: source_key, source_name, source_kind, target_key, target_name, target_kind, link
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT b
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
MATCH (x)-[r]->(b)
WHERE ((x:Person AND type(r) = 'MEMBER_OF') OR (x:Body AND type(r) IN ['DELEGATES_TO', 'PART_OF']))
  AND coalesce(r.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(r.end, 'open') AND coalesce(x.proposed, x.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(x.close_date, 'open')
RETURN DISTINCT x.key AS source_key, x.name AS source_name,
       CASE WHEN x:Person THEN 'Person' ELSE 'Body' END AS source_kind,
       b.key AS target_key, b.name AS target_name, 'Body' AS target_kind, type(r) AS link
ORDER BY source_key, target_key, link
