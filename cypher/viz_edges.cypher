// name: viz_edges
// question: Which relationships join the nodes with these keys, with their type and properties?
// params: keys (list): keys of the nodes
// returns: source, target, type, props
// internal: true
// Each key is looked up through the key index of its family or label (every label of the schema is
// one of these; tests/test_plans.py checks it): without a label, FalkorDB scans every node once
// per query and compares it with every key (3 s for 1,100 keys on the national register).
UNWIND $keys AS k
CALL {
  WITH k MATCH (n:Area {key: k}) RETURN n
  UNION
  WITH k MATCH (n:Institution {key: k}) RETURN n
  UNION
  WITH k MATCH (n:Body {key: k}) RETURN n
  UNION
  WITH k MATCH (n:Person {key: k}) RETURN n
  UNION
  WITH k MATCH (n:GovernanceForm {key: k}) RETURN n
  UNION
  WITH k MATCH (n:EvaluationFramework {key: k}) RETURN n
  UNION
  WITH k MATCH (n:EvaluationDimension {key: k}) RETURN n
  UNION
  WITH k MATCH (n:Assessment {key: k}) RETURN n
  UNION
  WITH k MATCH (n:Finding {key: k}) RETURN n
}
WITH DISTINCT n
MATCH (n)-[r]->(b)
WHERE b.key IN $keys
RETURN n.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
