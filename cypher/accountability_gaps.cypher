// name: accountability_gaps
// question: Which partnership bodies take binding decisions with no legal accountability path back to a governing body or the authority, and which answer formally to one holder but in practice to another?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, body, body_key, status, gap, legal_holders, resource_holders
// empty: every binding partnership body in {la} has a legal path of accountability, and none answers formally to one holder but in practice to another
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b
WHERE (b:JointCommittee OR b:Partnership OR b:Committee OR b:AdvisoryBody)
  AND b.decision_rights = 'binding'
  AND coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
OPTIONAL MATCH p = (b)-[:ACCOUNTABLE_TO*1..4]->(h)
WHERE (h:GoverningBody OR h:FederatedGoverningBody OR h:LocalAuthority)
  AND all(r IN relationships(p) WHERE r.basis = 'legal')
  AND all(n IN nodes(p) WHERE coalesce(n.proposed, n.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(n.close_date, 'open'))
WITH s, b, count(p) AS legal_paths
WHERE legal_paths = 0
OPTIONAL MATCH (b)-[r:ACCOUNTABLE_TO]->(h)
WHERE coalesce(h.proposed, h.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(h.close_date, 'open')
WITH s, b, collect(DISTINCT CASE WHEN r.basis = 'resource' THEN h.name END) AS resource_holders
RETURN s.name AS authority, b.name AS body, b.key AS body_key, CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END AS status,
       'binding decisions without a legal path to a governing body or the authority' AS gap,
       [] AS legal_holders, resource_holders
UNION
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
MATCH (b)-[:ACCOUNTABLE_TO {basis: 'legal'}]->(lh)
WHERE coalesce(lh.proposed, lh.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(lh.close_date, 'open')
WITH s, b, collect(DISTINCT lh.name) AS legal_holders, collect(DISTINCT lh.key) AS legal_keys
MATCH (b)-[:ACCOUNTABLE_TO {basis: 'resource'}]->(rh)
WHERE coalesce(rh.proposed, rh.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(rh.close_date, 'open')
WITH s, b, legal_holders, legal_keys, collect(DISTINCT rh.name) AS resource_holders, collect(DISTINCT rh.key) AS resource_keys
WHERE any(k IN resource_keys WHERE NOT k IN legal_keys)
RETURN s.name AS authority, b.name AS body, b.key AS body_key, CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END AS status,
       'formal (legal) and practical (resource) accountability point to different holders' AS gap,
       legal_holders, resource_holders
