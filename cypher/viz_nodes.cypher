// name: viz_nodes
// question: What are the labels and properties of the nodes with these keys (with dated, only those that exist on the date), for drawing or export?
// params: keys (list): keys of the nodes
//   dated (boolean, optional): true: only what holds on as_of (null: now, docs/time.md); omitted: every fact the store holds
// returns: key, labels, props
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
WHERE NOT coalesce($dated, false) OR (coalesce(n.proposed, n.established, n.open_date, n.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(n.close_date, 'open'))
RETURN n.key AS key, labels(n) AS labels, properties(n) AS props
ORDER BY key
