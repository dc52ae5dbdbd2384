// name: viz_all_nodes
// question: What are the labels and properties of every node in the store (with dated, only the nodes that exist on the date), for a whole-graph export?
// params: dated (boolean, optional): true: only what holds on as_of (null: now, docs/time.md); omitted: every fact the store holds
// returns: key, labels, props
// internal: true
MATCH (n)
WHERE NOT coalesce($dated, false) OR (coalesce(n.proposed, n.established, n.open_date, n.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(n.close_date, 'open'))
RETURN n.key AS key, labels(n) AS labels, properties(n) AS props
ORDER BY key
