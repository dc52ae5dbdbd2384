// name: representation
// question: For each partnership body (and each governing body with recorded members), how many voting and non-voting seats does each constituency hold, and how well is each fact known?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, authority_key, locality, cluster, tier, body, body_key, kind, status, decision_rights, members, voting, governors_voting, heads_voting, officers_voting, agencies_voting, staff_voting, councillors_voting, community_voting, independent_voting, non_voting, governors_any, ranges, body_evidence, seat_evidence
// empty: no body is recorded in {la}
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b, a
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
OPTIONAL MATCH (b)<-[m:MEMBER_OF]-(p)
WHERE coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH s, b, a, m, p, CASE WHEN m IS NULL THEN 0 ELSE coalesce(m.places, m.places_min, 1) END AS n
WITH s, b, a,
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
     collect(CASE WHEN m.places IS NULL AND m.places_max > n THEN [m.constituency, m.voting, m.places_max - n] END) AS ranges,
     collect(DISTINCT CASE WHEN m IS NULL THEN null ELSE coalesce(m.evidence, 'ungraded') END)
       + collect(DISTINCT CASE WHEN p IS NULL THEN null ELSE coalesce(p.evidence, 'ungraded') END) AS seat_evidence
WHERE members > 0 OR NOT b:GoverningBody
RETURN s.name AS authority, s.key AS authority_key,
       CASE WHEN a:Locality THEN a.name ELSE reduce(m = null, x IN [(a)-[:PART_OF]->(l:Locality) | [l.key, l.name]] | CASE WHEN m IS NULL OR x[0] < m[0] THEN x ELSE m END)[1] END AS locality,
       CASE WHEN a:Cluster THEN a.name ELSE null END AS cluster,
       coalesce(b.tier, a.tier, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END) AS tier,
       b.name AS body, b.key AS body_key, [l IN labels(b) WHERE l <> 'Body'][0] AS kind,
       CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END AS status, b.decision_rights AS decision_rights,
       members, voting, gv AS governors_voting, hv AS heads_voting, ov AS officers_voting,
       av AS agencies_voting, sv AS staff_voting, cv AS councillors_voting,
       mv AS community_voting, iv AS independent_voting,
       members - voting AS non_voting, gany AS governors_any, ranges,
       [coalesce(b.evidence, 'ungraded'), coalesce(a.evidence, 'ungraded')] AS body_evidence, seat_evidence
ORDER BY authority, tier, body, body_key
