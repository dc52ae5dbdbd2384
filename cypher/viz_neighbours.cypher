// name: viz_neighbours
// question: Which nodes are one relationship away (either direction) from the nodes with these keys?
// params: keys (list): keys of the nodes to expand from
// returns: key
// internal: true
MATCH (a)
WHERE a.key IN $keys
MATCH (a)-[]-(b)
RETURN DISTINCT b.key AS key
ORDER BY key
