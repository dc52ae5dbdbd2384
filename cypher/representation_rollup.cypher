// name: representation_rollup
// question: Per authority, and per cluster, locality or tier within it, how many seats does each constituency hold in active bodies (on a date, with as_of), and how well are those facts known?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
//   by (string): la, cluster, locality or tier
//   partnerships_only (boolean): leave out schools' own governing bodies
// returns: authority, authority_key, unit, bodies, members, voting, governors_voting, heads_voting, officers_voting, agencies_voting, staff_voting, councillors_voting, community_voting, independent_voting, non_voting, governors_any, bodies_without_governors, ranges, body_keys, documented_body_keys, body_evidence, seat_evidence
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(a:Area)
MATCH p = (a)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b, a,
     CASE $by
       WHEN 'la' THEN s.name
       WHEN 'cluster' THEN CASE WHEN a:Cluster THEN a.name ELSE null END
       WHEN 'locality' THEN head([n IN nodes(p) WHERE n:Locality | n.name])
       ELSE coalesce(b.tier, a.tier, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END)
     END AS unit
WHERE CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END = 'active'
  AND coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
  AND NOT ($partnerships_only AND (b:GoverningBody OR b:FederatedGoverningBody))
  AND unit IS NOT NULL
OPTIONAL MATCH (b)<-[m:MEMBER_OF]-(x)
WHERE coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH s, unit, b, a, m, x, CASE WHEN m IS NULL THEN 0 ELSE coalesce(m.places, m.places_min, 1) END AS n
WITH s, unit, b, [coalesce(b.evidence, 'ungraded'), coalesce(a.evidence, 'ungraded')] AS bev,
     toInteger(sum(n)) AS members,
     toInteger(sum(CASE WHEN m.voting THEN n ELSE 0 END)) AS voting,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'governor' THEN n ELSE 0 END)) AS gv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'headteacher' THEN n ELSE 0 END)) AS hv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'officer' THEN n ELSE 0 END)) AS ov,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'agency' THEN n ELSE 0 END)) AS av,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'staff' THEN n ELSE 0 END)) AS sv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'councillor' THEN n ELSE 0 END)) AS cv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'community' THEN n ELSE 0 END)) AS mv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'independent' THEN n ELSE 0 END)) AS iv,
     toInteger(sum(CASE WHEN m.constituency = 'governor' THEN n ELSE 0 END)) AS gany,
     collect(CASE WHEN m.places IS NULL AND m.places_max > n THEN [m.constituency, m.voting, m.places_max - n] END) AS rng,
     collect(DISTINCT CASE WHEN m IS NULL THEN null ELSE coalesce(m.evidence, 'ungraded') END)
       + collect(DISTINCT CASE WHEN x IS NULL THEN null ELSE coalesce(x.evidence, 'ungraded') END) AS sev
WITH s, unit, collect(b.key) AS body_keys,
     collect(CASE WHEN bev[0] = 'documented' AND bev[1] = 'documented' THEN b.key END) AS documented_body_keys,
     count(b) AS bodies, toInteger(sum(members)) AS members, toInteger(sum(voting)) AS voting,
     toInteger(sum(gv)) AS gv, toInteger(sum(hv)) AS hv, toInteger(sum(ov)) AS ov,
     toInteger(sum(av)) AS av, toInteger(sum(sv)) AS sv, toInteger(sum(cv)) AS cv,
     toInteger(sum(mv)) AS mv, toInteger(sum(iv)) AS iv, toInteger(sum(gany)) AS gany,
     toInteger(sum(CASE WHEN gany = 0 THEN 1 ELSE 0 END)) AS bodies_without_governors,
     collect(bev) AS bevs, collect(sev) AS sevs, collect(rng) AS rngs
RETURN s.name AS authority, s.key AS authority_key, unit, bodies, members, voting,
       gv AS governors_voting, hv AS heads_voting, ov AS officers_voting, av AS agencies_voting,
       sv AS staff_voting, cv AS councillors_voting, mv AS community_voting,
       iv AS independent_voting, members - voting AS non_voting, gany AS governors_any,
       bodies_without_governors, reduce(acc = [], e IN rngs | acc + e) AS ranges,
       body_keys, documented_body_keys,
       [g IN ['documented', 'inferred', 'illustrative', 'ungraded'] WHERE g IN reduce(f = [], e IN bevs | f + e)] AS body_evidence,
       [g IN ['documented', 'inferred', 'illustrative', 'ungraded'] WHERE g IN reduce(f = [], e IN sevs | f + e)] AS seat_evidence
ORDER BY authority, unit
