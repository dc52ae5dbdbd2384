// name: governance_features
// question: For each authority or reference model, which features of the recommended multi-layer model does it have (advisory councils, a locality board, governor voice at cluster level, delegation)?
// params: la (authority, optional): one authority or reference model (key, DfE code or name); all when omitted
// returns: authority, authority_key, scope, neighbourhood_bodies, advisory_councils, cluster_joint_committees, cluster_governor_votes, locality_bodies, locality_boards, locality_steering_committees, authority_bodies, delegations_to_partnerships, federation_boards
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WITH s, b, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END AS tier
WHERE CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END = 'active'
  AND coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
  AND NOT b:GoverningBody
OPTIONAL MATCH (:Person)-[m:MEMBER_OF]->(b)
WHERE m.voting AND m.constituency = 'governor' AND tier = 'neighbourhood'
  AND coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH s, b, tier, count(m) AS gv
OPTIONAL MATCH (g:Body)-[d:DELEGATES_TO]->(b)
WHERE coalesce(g.proposed, g.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(g.close_date, 'open')
WITH s, b, tier, gv, count(d) AS delegations
RETURN s.name AS authority, s.key AS authority_key, coalesce(s.scope, 'register') AS scope,
       count(DISTINCT CASE WHEN tier = 'neighbourhood' THEN b END) AS neighbourhood_bodies,
       count(DISTINCT CASE WHEN tier = 'neighbourhood' AND b:AdvisoryBody THEN b END) AS advisory_councils,
       count(DISTINCT CASE WHEN tier = 'neighbourhood' AND b:JointCommittee THEN b END) AS cluster_joint_committees,
       toInteger(sum(gv)) AS cluster_governor_votes,
       count(DISTINCT CASE WHEN tier = 'locality' THEN b END) AS locality_bodies,
       count(DISTINCT CASE WHEN tier = 'locality' AND b:Partnership AND b.kind = 'board' THEN b END) AS locality_boards,
       count(DISTINCT CASE WHEN tier = 'locality' AND b:Committee THEN b END) AS locality_steering_committees,
       count(DISTINCT CASE WHEN tier = 'authority' THEN b END) AS authority_bodies,
       toInteger(sum(CASE WHEN b:GoverningBody THEN 0 ELSE delegations END)) AS delegations_to_partnerships,
       count(DISTINCT CASE WHEN b:FederatedGoverningBody THEN b END) AS federation_boards
ORDER BY scope, authority
