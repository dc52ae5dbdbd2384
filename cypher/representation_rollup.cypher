// name: representation_rollup
// question: Per authority, and per cluster, locality or tier within it, how many votes do professionals and governors hold in active bodies with recorded members?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
//   by (string): la, cluster, locality or tier
//   partnerships_only (boolean): leave out schools' own governing bodies
// returns: authority, authority_key, unit, bodies, members, voting, professionals_voting, governors_voting, non_voting, governors_any, bodies_without_governors
MATCH (s:Area)
WHERE (s:LocalAuthority OR s:ReferenceModel)
  AND ($la IS NULL OR s.key = $la)
MATCH (b:Body)-[:IN_AREA]->(a:Area)
MATCH p = (a)-[:PART_OF*0..3]->(s)
WHERE b.status = 'active'
  AND NOT ($partnerships_only AND (b:GoverningBody OR b:FederatedGoverningBody))
WITH s, b,
     CASE $by
       WHEN 'la' THEN s.name
       WHEN 'cluster' THEN CASE WHEN a:Cluster THEN a.name ELSE null END
       WHEN 'locality' THEN head([n IN nodes(p) WHERE n:Locality | n.name])
       ELSE coalesce(b.tier, a.tier, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END)
     END AS unit
WHERE unit IS NOT NULL
MATCH (b)<-[m:MEMBER_OF]-()
WITH s, unit, b, collect(CASE WHEN m.voting THEN m.constituency ELSE '-' + m.constituency END) AS ms
WITH s, unit, size(ms) AS members,
     size([x IN ms WHERE NOT x STARTS WITH '-']) AS voting,
     size([x IN ms WHERE x IN ['headteacher', 'officer', 'agency', 'staff']]) AS pv,
     size([x IN ms WHERE x = 'governor']) AS gv,
     size([x IN ms WHERE x = 'governor' OR x = '-governor']) AS gany
RETURN s.name AS authority, s.key AS authority_key, unit, count(*) AS bodies,
       toInteger(sum(members)) AS members, toInteger(sum(voting)) AS voting,
       toInteger(sum(pv)) AS professionals_voting, toInteger(sum(gv)) AS governors_voting,
       toInteger(sum(members - voting)) AS non_voting, toInteger(sum(gany)) AS governors_any,
       toInteger(sum(CASE WHEN gany = 0 THEN 1 ELSE 0 END)) AS bodies_without_governors
ORDER BY authority, unit
