// name: viz_edges_from
// question: Which relationships start at the nodes with these keys (and, when a list is given, end at one of those keys), with their type and properties, for an export written one batch at a time?
// params: keys (list): keys of the start nodes
//   within (list, optional): keys the end must be among; any end when omitted
// returns: source, target, type, props
// internal: true
MATCH (a)
WHERE a.key IN $keys
MATCH (a)-[r]->(b)
WHERE $within IS NULL OR b.key IN $within
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
