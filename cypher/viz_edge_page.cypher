// name: viz_edge_page
// question: Which relationships start at a node whose key is after one key and up to another (with dated, only those that hold on the date, between nodes that exist then), with their type and properties, for an export written one batch at a time?
// params: after (string): keys greater than this ('' for the first)
//   last (string): keys up to and including this
//   dated (boolean, optional): true: only what holds on as_of (null: now, docs/time.md); omitted: every fact the store holds
// returns: source, target, type, props
// internal: true
MATCH (a)
WHERE a.key > $after AND a.key <= $last
MATCH (a)-[r]->(b)
WHERE (NOT coalesce($dated, false) OR (coalesce(r.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(r.end, 'open') AND coalesce(a.proposed, a.established, a.open_date, a.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(a.close_date, 'open') AND coalesce(b.proposed, b.established, b.open_date, b.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')))
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
