// name: authority_summary
// question: For each authority or reference model, how many bodies, people or seats, and memberships does the graph hold?
// params: none
// returns: authority, key, scope, bodies, people, memberships, institutions
MATCH (s:Area) WHERE s:LocalAuthority OR s:ReferenceModel
OPTIONAL MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH s, collect(DISTINCT b) AS bodies
OPTIONAL MATCH (i:Institution)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH s, bodies, count(DISTINCT i) AS institutions
UNWIND (CASE WHEN size(bodies) = 0 THEN [null] ELSE bodies END) AS b
OPTIONAL MATCH (p:Person)-[m:MEMBER_OF]->(b)
WITH s, institutions, size(bodies) AS nbodies, count(DISTINCT p) AS people, count(m) AS memberships
WHERE nbodies > 0 OR institutions > 0
RETURN s.name AS authority, s.key AS key, coalesce(s.scope, 'register') AS scope,
       nbodies AS bodies, people, memberships, institutions
ORDER BY scope, authority
