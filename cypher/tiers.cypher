// name: tiers
// question: Per authority, which tiers of partnership exist, how many areas and active partnership bodies each has, what they decide (binding, advisory or unresolved), and are clusters nested inside localities?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, authority_key, tier, areas, bodies, binding_bodies, advisory_bodies, unresolved_bodies, nested_in_locality, body_names, body_keys, evidence
// empty: no active partnership body (other than governing bodies) is recorded in {la}
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WHERE b.status = 'active' AND NOT (b:GoverningBody OR b:FederatedGoverningBody)
WITH DISTINCT s, a, b,
     coalesce(b.tier, a.tier, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END) AS tier
OPTIONAL MATCH (a)-[:PART_OF]->(up:Locality)<-[:IN_AREA]-(ub:Body)
WHERE ub.status = 'active' AND a:Cluster
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
