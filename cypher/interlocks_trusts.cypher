// name: interlocks_trusts
// question: Which trust or federation does each of these boards belong to (itself, or the one governing its school)?
// params: keys (list): keys of boards
// returns: board, trust, trust_name
UNWIND $keys AS k
MATCH (b:Body {key: k})
OPTIONAL MATCH (b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(t:Body)
WHERE (t:Trust OR t:FederatedGoverningBody) AND b:GoverningBody
WITH b, min(t.key) AS governing, min(t.name) AS governing_name
RETURN b.key AS board,
       CASE WHEN b:Trust OR b:FederatedGoverningBody THEN b.key ELSE governing END AS trust,
       CASE WHEN b:Trust OR b:FederatedGoverningBody THEN b.name ELSE governing_name END AS trust_name
ORDER BY board
