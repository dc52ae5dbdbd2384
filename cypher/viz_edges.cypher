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
  WITH k MATCH (a:Area {key: k}) RETURN a
  UNION
  WITH k MATCH (a:Institution {key: k}) RETURN a
  UNION
  WITH k MATCH (a:Body {key: k}) RETURN a
  UNION
  WITH k MATCH (a:Person {key: k}) RETURN a
  UNION
  WITH k MATCH (a:GovernanceForm {key: k}) RETURN a
  UNION
  WITH k MATCH (a:EvaluationFramework {key: k}) RETURN a
  UNION
  WITH k MATCH (a:EvaluationDimension {key: k}) RETURN a
  UNION
  WITH k MATCH (a:Assessment {key: k}) RETURN a
  UNION
  WITH k MATCH (a:Finding {key: k}) RETURN a
}
WITH DISTINCT a
MATCH (a)-[r]->(b)
WHERE b.key IN $keys
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
