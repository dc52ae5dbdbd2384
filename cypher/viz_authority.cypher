// name: viz_authority
// question: Which nodes make up one authority's network view: its areas, what sits in them, its schools in the register, who sits on its bodies, the governing bodies, trusts and groups of its schools, and the bodies' direct partners in delegation, accountability and funding?
// params: la (authority): the authority or reference model (key, DfE code or name)
// returns: key, part
// internal: true
MATCH (s:Authority {key: $la})
MATCH (a:Area)-[:PART_OF*0..3]->(s)
RETURN DISTINCT a.key AS key, 'area' AS part
UNION
MATCH (s:Authority {key: $la})
MATCH (n)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
RETURN DISTINCT n.key AS key, 'in_area' AS part
UNION
MATCH (s:Authority {key: $la})
MATCH (p:Person)-[:MEMBER_OF]->(:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
RETURN DISTINCT p.key AS key, 'member' AS part
UNION
MATCH (s:Authority {key: $la})
MATCH (g:Body)-[:GOVERNS]->(:Institution)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
RETURN DISTINCT g.key AS key, 'governs' AS part
UNION
MATCH (s:Authority {key: $la})
MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
MATCH (b)-[r]-(x)
WHERE type(r) IN ['ACCOUNTABLE_TO', 'DELEGATES_TO', 'FUNDS', 'SUPERVISES', 'COMMISSIONS']
RETURN DISTINCT x.key AS key, 'partner' AS part
UNION
MATCH (s:Authority {key: $la})
UNWIND [c IN [s.key, s.code] WHERE c <> ''] AS c
MATCH (i:School {la_code: c})
RETURN DISTINCT i.key AS key, 'register' AS part
UNION
MATCH (s:Authority {key: $la})
UNWIND [c IN [s.key, s.code] WHERE c <> ''] AS c
MATCH (i:School {la_code: c})-[:MEMBER_INSTITUTION]->(x:Body)
RETURN DISTINCT x.key AS key, 'group' AS part
UNION
MATCH (s:Authority {key: $la})
MATCH (i:School)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
MATCH (i)-[:MEMBER_INSTITUTION]->(x:Body)
RETURN DISTINCT x.key AS key, 'group' AS part
