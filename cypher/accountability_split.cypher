// name: accountability_split
// question: For each partnership body, to whom does it answer formally (legal) and in practice (resource), and does it see itself so?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, body, body_key, status, legal_to, legal_holders, resource_to, reporting_to, perceived_to
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
MATCH (b)-[r:ACCOUNTABLE_TO]->(h)
WHERE coalesce(h.proposed, h.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(h.close_date, 'open')
WITH s, b,
     collect(DISTINCT CASE WHEN r.basis = 'legal' THEN [l IN labels(h) WHERE l <> 'Body' AND l <> 'Institution' AND l <> 'Area'][0] END) AS legal_kinds,
     count(DISTINCT CASE WHEN r.basis = 'legal' THEN h END) AS legal_holders,
     collect(DISTINCT CASE WHEN r.basis = 'resource' THEN h.name END) AS resource_to,
     collect(DISTINCT CASE WHEN r.basis = 'reporting' THEN h.name END) AS reporting_to,
     collect(DISTINCT CASE WHEN r.perceived THEN r.basis END) AS perceived_to
RETURN s.name AS authority, b.name AS body, b.key AS body_key, CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END AS status, legal_kinds AS legal_to,
       legal_holders, resource_to, reporting_to, perceived_to
ORDER BY authority, body, body_key
