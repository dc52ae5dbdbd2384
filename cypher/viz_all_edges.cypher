// name: viz_all_edges
// question: What are the ends, type and properties of every relationship in the store (with dated, only those that hold on the date, between nodes that exist then), for a whole-graph export?
// params: dated (boolean, optional): true: only what holds on as_of (null: now, docs/time.md); omitted: every fact the store holds
// returns: source, target, type, props
// internal: true
MATCH (a)-[r]->(b)
WHERE (NOT coalesce($dated, false) OR (coalesce(r.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(r.end, 'open') AND coalesce(a.proposed, a.established, a.open_date, a.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(a.close_date, 'open') AND coalesce(b.proposed, b.established, b.open_date, b.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')))
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
