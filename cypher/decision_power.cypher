// name: decision_power
// question: Which bodies take binding decisions, on which powers delegated by whom, and who holds the votes there?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, locality, tier, body, body_key, status, delegated_by, powers, voting, professionals_voting, governors_voting, lay_voting, heads_attending
// empty: no body in {la} other than schools' own governing bodies takes binding decisions
MATCH (s:Area)
WHERE (s:LocalAuthority OR s:ReferenceModel)
  AND ($la IS NULL OR s.key = $la)
MATCH (b:Body)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WHERE b.decision_rights = 'binding'
  AND NOT b:GoverningBody
OPTIONAL MATCH (a)-[:PART_OF*0..1]->(loc:Locality)
WITH s, b, a, head(collect(loc.name)) AS locality
OPTIONAL MATCH (g)-[d:DELEGATES_TO]->(b)
WITH s, b, a, locality, collect(DISTINCT g.name) AS delegated_by, collect(d.powers) AS plists
OPTIONAL MATCH (:Person)-[m:MEMBER_OF]->(b)
WITH s, b, a, locality, delegated_by, reduce(acc = [], pl IN plists | acc + pl) AS powers,
     toInteger(sum(CASE WHEN m.voting THEN 1 ELSE 0 END)) AS voting,
     toInteger(sum(CASE WHEN m.voting AND m.constituency IN ['headteacher', 'officer', 'agency', 'staff'] THEN 1 ELSE 0 END)) AS pv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'governor' THEN 1 ELSE 0 END)) AS gv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency IN ['councillor', 'community', 'independent'] THEN 1 ELSE 0 END)) AS lv,
     toInteger(sum(CASE WHEN m.constituency = 'headteacher' AND m.attendance = 'attends_without_membership' THEN 1 ELSE 0 END)) AS ha
RETURN s.name AS authority, locality,
       coalesce(b.tier, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END) AS tier,
       b.name AS body, b.key AS body_key, b.status AS status, delegated_by, powers,
       voting, pv AS professionals_voting, gv AS governors_voting, lv AS lay_voting, ha AS heads_attending
ORDER BY authority, tier, body
