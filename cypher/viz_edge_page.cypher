// name: viz_edge_page
// question: Which relationships start at a node whose key is after one key and up to another, with their type and properties, for an export written one batch at a time?
// params: after (string): keys greater than this ('' for the first)
//   last (string): keys up to and including this
// returns: source, target, type, props
// internal: true
MATCH (a)
WHERE a.key > $after AND a.key <= $last
MATCH (a)-[r]->(b)
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
