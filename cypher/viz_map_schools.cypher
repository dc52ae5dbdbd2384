// name: viz_map_schools
// question: Where are one authority's schools open on the date (as_of; null: now) (British National Grid easting and northing, null when unknown), which cluster, locality and trust or group is each in on that date, and which bodies does each belong to or is governed by then?
// params: la (authority): the authority (key, DfE code or name)
// returns: key, name, urn, phase, type_group, easting, northing, cluster_key, cluster, locality_key, locality, group_key, group_name, bodies, source, source_ref
// internal: true
MATCH (la:LocalAuthority {key: $la})
OPTIONAL MATCH (s1:School)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(la)
WITH la, collect(DISTINCT s1) AS in_area
OPTIONAL MATCH (s2:School)
WHERE s2.la_code = la.key OR (la.code <> '' AND s2.la_code = la.code)
WITH in_area, collect(DISTINCT s2) AS by_code
UNWIND in_area + by_code AS s
WITH DISTINCT s
WHERE coalesce(s.proposed, s.established, s.open_date, s.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(s.close_date, 'open')
WITH s,
     [(s)-[:IN_AREA]->(c:Cluster) | c] AS clusters,
     [(s)-[:IN_AREA]->(l1:Locality) | l1] + [(s)-[:IN_AREA]->(:Cluster)-[:PART_OF]->(l2:Locality) | l2] AS localities,
     [(s)-[m1:MEMBER_INSTITUTION]->(t1:Trust) WHERE coalesce(m1.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m1.end, 'open') AND coalesce(t1.proposed, t1.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(t1.close_date, 'open') | t1] +
       [(t2:Trust)-[g2:GOVERNS]->(s) WHERE coalesce(g2.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(g2.end, 'open') AND coalesce(t2.proposed, t2.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(t2.close_date, 'open') | t2] +
       [(s)-[m3:MEMBER_INSTITUTION]->(g:Body) WHERE g.group_uid IS NOT NULL AND coalesce(m3.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m3.end, 'open') AND coalesce(g.proposed, g.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(g.close_date, 'open') | g] AS groups,
     [(s)-[m4:MEMBER_INSTITUTION]->(b1:Body) WHERE coalesce(m4.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m4.end, 'open') AND coalesce(b1.proposed, b1.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b1.close_date, 'open') | b1.name] +
       [(b2:Body)-[g5:GOVERNS]->(s) WHERE coalesce(g5.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(g5.end, 'open') AND coalesce(b2.proposed, b2.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b2.close_date, 'open') | b2.name] AS bodies
// several candidates: the one with the smallest key, so both engines (and every run) agree
WITH s, reduce(m = null, x IN clusters | CASE WHEN m IS NULL OR x.key < m.key THEN x ELSE m END) AS c,
     reduce(m = null, x IN localities | CASE WHEN m IS NULL OR x.key < m.key THEN x ELSE m END) AS loc,
     reduce(m = null, x IN groups | CASE WHEN m IS NULL OR x.key < m.key THEN x ELSE m END) AS grp, bodies
RETURN s.key AS key, s.name AS name, s.urn AS urn, s.phase AS phase, s.type_group AS type_group,
       s.easting AS easting, s.northing AS northing, c.key AS cluster_key, c.name AS cluster,
       loc.key AS locality_key, loc.name AS locality, grp.key AS group_key, grp.name AS group_name,
       bodies,
       s.source AS source, s.source_ref AS source_ref
ORDER BY name, key
