// name: tiers
// question: Per authority, which tiers of partnership exist, how many areas and active partnership bodies each has, what they decide (binding, advisory or unresolved), and are clusters nested inside localities?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, authority_key, tier, areas, bodies, binding_bodies, advisory_bodies, unresolved_bodies, nested_in_locality, body_names, body_keys, evidence
// empty: no partnership body (other than governing bodies) active on the date asked (or now) is recorded in {la}
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, a, b,
     coalesce(b.tier, a.tier, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END) AS tier
WHERE CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END = 'active'
  AND coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
  AND NOT (b:GoverningBody OR b:FederatedGoverningBody)
OPTIONAL MATCH (a)-[:PART_OF]->(up:Locality)<-[:IN_AREA]-(ub:Body)
WHERE a:Cluster AND CASE WHEN $as_of IS NULL OR coalesce(ub.proposed, ub.established) IS NULL THEN ub.status WHEN ub.established <= $as_of THEN 'active' ELSE 'proposed' END = 'active'
  AND coalesce(ub.proposed, ub.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(ub.close_date, 'open')
WITH s, tier, a, b, count(ub) AS nested
RETURN s.name AS authority, s.key AS authority_key, tier,
       count(DISTINCT a) AS areas, count(DISTINCT b) AS bodies,
       count(DISTINCT CASE WHEN b.decision_rights = 'binding' THEN b END) AS binding_bodies,
       count(DISTINCT CASE WHEN b.decision_rights = 'advisory' THEN b END) AS advisory_bodies,
       count(DISTINCT CASE WHEN b.decision_rights = 'unresolved' THEN b END) AS unresolved_bodies,
       count(DISTINCT CASE WHEN nested > 0 THEN a END) AS nested_in_locality,
       collect(DISTINCT b.name) AS body_names, collect(DISTINCT b.key) AS body_keys,
       collect(DISTINCT coalesce(b.evidence, 'ungraded')) + collect(DISTINCT coalesce(a.evidence, 'ungraded')) AS evidence
ORDER BY authority, tier
