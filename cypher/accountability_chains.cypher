// name: accountability_chains
// question: From each body, by which paths (legal, resource, reporting) does it answer upward, and who holds it to account in the end?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
//   body (body, optional): one body (key or name); all bodies when omitted
// returns: authority, body, body_key, path, bases, holder, holder_key, holder_kind, steps
// empty: no recorded path of accountability (ACCOUNTABLE_TO) leads upward from {body} in {la}
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b
WHERE ($body IS NULL OR b.key = $body)
  AND coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
MATCH p = (b)-[:ACCOUNTABLE_TO*1..4]->(h)
WHERE all(n IN nodes(p) WHERE coalesce(n.proposed, n.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(n.close_date, 'open'))
OPTIONAL MATCH (h)-[up:ACCOUNTABLE_TO]->(u)
WHERE coalesce(u.proposed, u.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(u.close_date, 'open')
WITH s, b, p, h, count(up) AS above
WHERE above = 0
RETURN s.name AS authority, b.name AS body, b.key AS body_key,
       [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | r.basis] AS bases,
       h.name AS holder, h.key AS holder_key,
       [l IN labels(h) WHERE NOT l IN ['Body', 'Institution', 'Area']][0] AS holder_kind,
       length(p) AS steps
ORDER BY authority, body, body_key, steps, holder, holder_key
