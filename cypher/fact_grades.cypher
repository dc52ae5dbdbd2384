// name: fact_grades
// question: How well is each of these bodies, areas, institutions or people known: the evidence grades of the node and of the facts that attach it to others?
// params: keys (list): keys of the nodes a report's rows rest on
// returns: key, evidence
UNWIND $keys AS k
OPTIONAL MATCH (b:Body {key: k})
OPTIONAL MATCH (i:Institution {key: k})
OPTIONAL MATCH (z:Area {key: k})
OPTIONAL MATCH (q:Person {key: k})
WITH k, coalesce(b, i, z, q) AS n
WHERE n IS NOT NULL
OPTIONAL MATCH (n)-[r]-()
WHERE type(r) IN ['MEMBER_OF', 'DELEGATES_TO', 'ACCOUNTABLE_TO', 'FUNDS', 'IN_AREA', 'MEMBER_INSTITUTION']
WITH k, n, collect(DISTINCT coalesce(r.evidence, 'ungraded')) AS rgrades
RETURN k AS key, [coalesce(n.evidence, 'ungraded')] + rgrades AS evidence
ORDER BY key
