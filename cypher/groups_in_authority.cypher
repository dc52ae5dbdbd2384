// name: groups_in_authority
// question: Which trusts and federations have schools in an authority, and which schools (open, and members, on the date asked or now)?
// params: la (authority): the authority (key, DfE 3-digit code such as 919, or name)
// returns: group, key, kind, status, governs, schools_in_la, schools
// empty: no school in {la} is in a trust or federation (memberships open on the date asked, or now)
MATCH (la:Authority {key: $la})
MATCH (s:School)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(la)
WHERE coalesce(s.proposed, s.established, s.open_date, s.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(s.close_date, 'open')
MATCH (s)-[m:MEMBER_INSTITUTION]->(b:Body)
WHERE (b:Trust OR b:FederatedGoverningBody)
  AND coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH DISTINCT b, s
OPTIONAL MATCH (b)-[g:GOVERNS]->(s)
WHERE coalesce(g.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(g.end, 'open')
WITH b, s, count(g) AS governed
ORDER BY s.name
WITH b, collect(s.name) AS schools, sum(CASE WHEN governed > 0 THEN 1 ELSE 0 END) AS governs
RETURN b.name AS group, b.key AS key,
       CASE WHEN b:FederatedGoverningBody THEN 'federation'
            ELSE coalesce(b.kind, 'trust') END AS kind,
       b.status AS status, toInteger(governs) AS governs, size(schools) AS schools_in_la, schools
ORDER BY schools_in_la DESC, group, key
