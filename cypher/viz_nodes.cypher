// name: viz_nodes
// question: What are the labels and properties of the nodes with these keys (with dated, only those that exist on the date), for drawing or export?
// params: keys (list): keys of the nodes
//   dated (boolean, optional): true: only what holds on as_of (null: now, docs/time.md); omitted: every fact the store holds
// returns: key, labels, props
// internal: true
MATCH (n)
WHERE n.key IN $keys AND (NOT coalesce($dated, false) OR (coalesce(n.proposed, n.established, n.open_date, n.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(n.close_date, 'open')))
RETURN n.key AS key, labels(n) AS labels, properties(n) AS props
ORDER BY key
