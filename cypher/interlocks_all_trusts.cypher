// name: interlocks_all_trusts
// question: Which trust or federation does every register board belong to: itself, or the one governing its school (all boards at once)?
// params: none
// returns: board, trust, trust_name
// internal: true
MATCH (t:Body)-[:GOVERNS]->(:School)<-[:GOVERNS]-(b:GoverningBody)
WHERE t:Trust OR t:FederatedGoverningBody
RETURN b.key AS board, min(t.key) AS trust, min(t.name) AS trust_name
UNION
MATCH (t:Body)
WHERE t:Trust OR t:FederatedGoverningBody
RETURN t.key AS board, t.key AS trust, t.name AS trust_name
