// name: authority_summary
// question: For each authority or reference model, how many partnership bodies active (on a date, with as_of, or now), schools' own boards, people or seats, and memberships, and schools and other institutions open then, does the graph hold?
// params: none
// returns: authority, key, scope, bodies, school_boards, people, memberships, institutions
MATCH (s:Authority)
OPTIONAL MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
WITH s, collect(DISTINCT b) AS all_bodies
OPTIONAL MATCH (i:Institution)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WHERE coalesce(i.proposed, i.established, i.open_date, i.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(i.close_date, 'open')
WITH s, all_bodies, count(DISTINCT i) AS institutions
// the bodies are counted once per authority, before the walk to every seat (counted per seat,
// nationally, this was most of the query's time)
WITH s, all_bodies, institutions, size(all_bodies) AS nall,
     size([x IN all_bodies WHERE CASE WHEN $as_of IS NULL OR coalesce(x.proposed, x.established) IS NULL THEN x.status WHEN x.established <= $as_of THEN 'active' ELSE 'proposed' END = 'active' AND NOT (x:GoverningBody OR x:FederatedGoverningBody)]) AS nbodies,
     size([x IN all_bodies WHERE x:GoverningBody OR x:FederatedGoverningBody]) AS nboards
UNWIND (CASE WHEN size(all_bodies) = 0 THEN [null] ELSE all_bodies END) AS b
OPTIONAL MATCH (p:Person)-[m:MEMBER_OF]->(b)
WHERE coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH s, institutions, nall, nbodies, nboards, count(DISTINCT p) AS people, count(m) AS memberships
WHERE nall > 0 OR institutions > 0
RETURN s.name AS authority, s.key AS key, coalesce(s.scope, 'register') AS scope,
       nbodies AS bodies, nboards AS school_boards, people, memberships, institutions
ORDER BY scope, authority
