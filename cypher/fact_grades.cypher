// name: fact_grades
// question: How well is each of these bodies, areas, institutions or people known: the evidence grades of the node and of its relationships of the given types?
// params: keys (list): keys of the nodes a report's rows rest on
//   types (list): relationship types whose grades count (the facts the rows rest on)
// returns: key, evidence
// internal: true
UNWIND $keys AS k
OPTIONAL MATCH (b:Body {key: k})
OPTIONAL MATCH (i:Institution {key: k})
OPTIONAL MATCH (z:Area {key: k})
OPTIONAL MATCH (q:Person {key: k})
WITH k, coalesce(b, i, z, q) AS n
WHERE n IS NOT NULL
OPTIONAL MATCH (n)-[r]-()
WHERE type(r) IN $types
WITH k, n, collect(DISTINCT coalesce(r.evidence, 'ungraded')) AS rgrades
RETURN k AS key, [coalesce(n.evidence, 'ungraded')] + rgrades AS evidence
ORDER BY key
