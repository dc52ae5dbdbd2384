// name: representation
// question: For each partnership body (and each governing body with recorded members), how many voting and non-voting members come from each constituency, and what share of the votes do governors hold?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, authority_key, locality, cluster, tier, body, body_key, kind, status, decision_rights, members, voting, governors_voting, heads_voting, officers_voting, agencies_voting, staff_voting, councillors_voting, community_voting, independent_voting, professionals_voting, non_voting, governors_any, governor_share, flag
// empty: no body is recorded in {la}
MATCH (s:Area)
WHERE (s:LocalAuthority OR s:ReferenceModel)
  AND ($la IS NULL OR s.key = $la)
MATCH (b:Body)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WITH s, b, a, [(b)<-[m:MEMBER_OF]-() | CASE WHEN m.voting THEN m.constituency ELSE '-' + m.constituency END] AS ms
WITH s, b, a, ms, size(ms) AS members,
     size([x IN ms WHERE NOT x STARTS WITH '-']) AS voting,
     size([x IN ms WHERE x = 'governor']) AS gv,
     size([x IN ms WHERE x = 'headteacher']) AS hv,
     size([x IN ms WHERE x = 'officer']) AS ov,
     size([x IN ms WHERE x = 'agency']) AS av,
     size([x IN ms WHERE x = 'staff']) AS sv,
     size([x IN ms WHERE x = 'councillor']) AS cv,
     size([x IN ms WHERE x = 'community']) AS mv,
     size([x IN ms WHERE x = 'independent']) AS iv,
     size([x IN ms WHERE x = 'governor' OR x = '-governor']) AS gany
WHERE members > 0 OR NOT b:GoverningBody
RETURN s.name AS authority, s.key AS authority_key,
       CASE WHEN a:Locality THEN a.name ELSE head([(a)-[:PART_OF]->(l:Locality) | l.name]) END AS locality,
       CASE WHEN a:Cluster THEN a.name ELSE null END AS cluster,
       coalesce(b.tier, a.tier, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END) AS tier,
       b.name AS body, b.key AS body_key, [l IN labels(b) WHERE l <> 'Body'][0] AS kind,
       b.status AS status, b.decision_rights AS decision_rights,
       members, voting, gv AS governors_voting, hv AS heads_voting, ov AS officers_voting,
       av AS agencies_voting, sv AS staff_voting, cv AS councillors_voting,
       mv AS community_voting, iv AS independent_voting, hv + ov + av + sv AS professionals_voting,
       members - voting AS non_voting, gany AS governors_any,
       CASE WHEN voting = 0 THEN null ELSE round(100.0 * gv / voting) / 100.0 END AS governor_share,
       CASE WHEN members = 0 THEN 'no members recorded'
            WHEN gany = 0 THEN 'governors absent'
            WHEN gv = 0 THEN 'governors without a vote'
            WHEN 2 * gv < voting THEN 'governors a minority'
            ELSE '' END AS flag
ORDER BY authority, tier, body
