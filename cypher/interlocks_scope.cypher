// name: interlocks_scope
// question: Which boards are in one local authority, or are one trust or federation or govern under it (the scope of the register reports)?
// params: la (string, optional): resolved key of one local authority
//   group (string, optional): key of one trust or federation, group/<UID>
// returns: board
MATCH (b:Body)
WHERE (b:Trust OR b:FederatedGoverningBody OR b:GoverningBody)
  AND ($la IS NULL OR (b)-[:GOVERNS*0..1]->()-[:IN_AREA]->(:LocalAuthority {key: $la}))
  AND ($group IS NULL OR b.key = $group
       OR (b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(:Body {key: $group}))
RETURN DISTINCT b.key AS board
ORDER BY board
