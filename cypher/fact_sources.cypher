// name: fact_sources
// question: Which documents and register extracts are the sources of the facts about these bodies (the bodies, their memberships, delegations and accountability)?
// params: keys (list): keys of the bodies a report used
// returns: source, source_ref, facts
// internal: true
MATCH (b:Body) WHERE b.key IN $keys
WITH collect(b) AS bodies
UNWIND bodies AS b
OPTIONAL MATCH (b)-[r]-()
WHERE type(r) IN ['MEMBER_OF', 'DELEGATES_TO', 'ACCOUNTABLE_TO', 'FUNDS', 'IN_AREA', 'MEMBER_INSTITUTION']
WITH bodies, collect(DISTINCT r) AS rels
WITH [x IN bodies | [x.source, x.source_ref]] + [x IN rels | [x.source, x.source_ref]] AS pairs
UNWIND pairs AS pair
WITH pair[0] AS source, pair[1] AS source_ref
WHERE source IS NOT NULL
RETURN source, source_ref, count(*) AS facts
ORDER BY source, source_ref
