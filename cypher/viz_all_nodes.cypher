// name: viz_all_nodes
// question: What are the labels and properties of every node in the store, for a whole-graph export?
// params: none
// returns: key, labels, props
// internal: true
MATCH (n)
RETURN n.key AS key, labels(n) AS labels, properties(n) AS props
ORDER BY key
