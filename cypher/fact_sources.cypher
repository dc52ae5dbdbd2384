// name: fact_sources
// question: Which documents (and sections) or register extracts (and rows) are the sources of the facts about these bodies, areas, institutions or people (the nodes, their memberships, delegations, accountability and areas), and how well is each known?
// params: keys (list): keys of the bodies, areas, institutions or people a report used
// returns: source, source_ref, evidence, facts
// internal: true
UNWIND $keys AS k
OPTIONAL MATCH (b:Body {key: k})
OPTIONAL MATCH (i:Institution {key: k})
OPTIONAL MATCH (z:Area {key: k})
OPTIONAL MATCH (q:Person {key: k})
WITH coalesce(b, i, z, q) AS n
WHERE n IS NOT NULL
WITH collect(DISTINCT n) AS found
UNWIND found AS n
OPTIONAL MATCH (n)-[r]-()
WHERE type(r) IN ['MEMBER_OF', 'DELEGATES_TO', 'ACCOUNTABLE_TO', 'FUNDS', 'IN_AREA', 'MEMBER_INSTITUTION']
WITH found, collect(DISTINCT r) AS rels
WITH [x IN found | [x.source, x.source_ref, x.evidence]] + [x IN rels | [x.source, x.source_ref, x.evidence]] AS facts
UNWIND facts AS fact
WITH fact[0] AS source, fact[1] AS source_ref, coalesce(fact[2], 'ungraded') AS evidence
WHERE source IS NOT NULL
RETURN source, source_ref, evidence, count(*) AS facts
ORDER BY source, source_ref, evidence
