// name: interlocks_scope
// question: Which boards are in one local authority, or are one trust or federation or govern under it (the scope of the register reports)?
// params: la (string, optional): resolved key of one local authority
//   group (string, optional): key of one trust or federation, group/<UID>
// returns: board
// An authority's boards are found from the authority (its areas' bodies and schools), not by
// testing a pattern on every body in the store; without an authority, every board is tested.
MATCH (:LocalAuthority {key: $la})<-[:IN_AREA]-()<-[:GOVERNS*0..1]-(b:Body)
WITH DISTINCT b
WHERE (b:Trust OR b:FederatedGoverningBody OR b:GoverningBody)
  AND ($group IS NULL OR b.key = $group
       OR (b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(:Body {key: $group}))
RETURN DISTINCT b.key AS board
UNION
MATCH (b:Body)
WHERE $la IS NULL AND (b:Trust OR b:FederatedGoverningBody OR b:GoverningBody)
  AND ($group IS NULL OR b.key = $group
       OR (b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(:Body {key: $group}))
RETURN DISTINCT b.key AS board
