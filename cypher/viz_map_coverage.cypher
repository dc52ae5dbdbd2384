// name: viz_map_coverage
// question: How many of one authority's schools open on the date (as_of; null: now) have grid coordinates (easting and northing), so that a map can say at once when none have?
// params: la (authority): the authority (key, DfE code or name)
// returns: authority, schools, placed
// internal: true
MATCH (la:LocalAuthority)
WHERE la.key = $la
OPTIONAL MATCH (s:School {la_code: la.key})
WITH la, collect(s) AS by_code
OPTIONAL MATCH (s2:School)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(la)
WITH la, by_code, collect(DISTINCT s2) AS in_area
WITH la, [x IN by_code + [y IN in_area WHERE NOT y IN by_code] WHERE coalesce(x.proposed, x.established, x.open_date, x.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(x.close_date, 'open')] AS schools
RETURN la.name AS authority, size(schools) AS schools,
       size([x IN schools WHERE x.easting IS NOT NULL AND x.northing IS NOT NULL]) AS placed
