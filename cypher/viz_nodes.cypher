// name: viz_nodes
// question: What are the labels and properties of the nodes with these keys, for drawing or export?
// params: keys (list): keys of the nodes
// returns: key, labels, props
// internal: true
MATCH (n)
WHERE n.key IN $keys
RETURN n.key AS key, labels(n) AS labels, properties(n) AS props
ORDER BY key
