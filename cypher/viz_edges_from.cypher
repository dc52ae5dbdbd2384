// name: viz_edges_from
// question: Which relationships start at the nodes with these keys (and, when a list is given, end at one of those keys), with their type and properties (with dated, only those that hold on the date, between nodes that exist then), for an export written one batch at a time?
// params: keys (list): keys of the start nodes
//   within (list, optional): keys the end must be among; any end when omitted
//   dated (boolean, optional): true: only what holds on as_of (null: now, docs/time.md); omitted: every fact the store holds
// returns: source, target, type, props
// internal: true
MATCH (a)
WHERE a.key IN $keys
MATCH (a)-[r]->(b)
WHERE ($within IS NULL OR b.key IN $within) AND (NOT coalesce($dated, false) OR (coalesce(r.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(r.end, 'open') AND coalesce(a.proposed, a.established, a.open_date, a.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(a.close_date, 'open') AND coalesce(b.proposed, b.established, b.open_date, b.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')))
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
