// name: viz_neighbours
// question: Which nodes are one relationship away (either direction) from the nodes with these keys?
// params: keys (list): keys of the nodes to expand from
// returns: key
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
MATCH (n)-[]-(b)
RETURN DISTINCT b.key AS key
ORDER BY key
