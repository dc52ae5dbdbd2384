// name: node_grades
// question: How well is each of these nodes known: the evidence grade of each node the keys name?
// params: keys (list): keys named by the rows of a question's answer
// returns: key, evidence
// internal: true
UNWIND $keys AS k
OPTIONAL MATCH (b:Body {key: k})
OPTIONAL MATCH (i:Institution {key: k})
OPTIONAL MATCH (z:Area {key: k})
OPTIONAL MATCH (q:Person {key: k})
WITH k, coalesce(b, i, z, q) AS n
WHERE n IS NOT NULL
RETURN k AS key, n.evidence AS evidence
ORDER BY key
