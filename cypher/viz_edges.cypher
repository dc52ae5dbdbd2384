// name: viz_edges
// question: Which relationships join the nodes with these keys, with their type and properties?
// params: keys (list): keys of the nodes
// returns: source, target, type, props
// internal: true
MATCH (a)
WHERE a.key IN $keys
MATCH (a)-[r]->(b)
WHERE b.key IN $keys
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
