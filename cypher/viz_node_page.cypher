// name: viz_node_page
// question: What are the labels and properties of the next nodes after this key, in key order, for an export written one batch at a time?
// params: after (string): the last key already written ('' to start)
//   limit (integer): how many nodes
// returns: key, labels, props
// internal: true
MATCH (n)
WHERE n.key > $after
WITH n ORDER BY n.key LIMIT $limit
RETURN n.key AS key, labels(n) AS labels, properties(n) AS props
ORDER BY key
