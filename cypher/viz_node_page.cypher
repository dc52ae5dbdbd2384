// name: viz_node_page
// question: What are the labels and properties of the next nodes after this key, in key order (with dated, only the nodes that exist on the date), for an export written one batch at a time?
// params: after (string): the last key already written ('' to start)
//   limit (integer): how many nodes
//   dated (boolean, optional): true: only what holds on as_of (null: now, docs/time.md); omitted: every fact the store holds
// returns: key, labels, props
// internal: true
MATCH (n)
WHERE n.key > $after AND (NOT coalesce($dated, false) OR (coalesce(n.proposed, n.established, n.open_date, n.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(n.close_date, 'open')))
WITH n ORDER BY n.key LIMIT $limit
RETURN n.key AS key, labels(n) AS labels, properties(n) AS props
ORDER BY key
