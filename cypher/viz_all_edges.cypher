// name: viz_all_edges
// question: What are the ends, type and properties of every relationship in the store, for a whole-graph export?
// params: none
// returns: source, target, type, props
// internal: true
MATCH (a)-[r]->(b)
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
