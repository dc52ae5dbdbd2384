// name: decision_power
// question: Which bodies take binding decisions, on which powers delegated by whom, who holds the votes there, and how well is each fact known?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, authority_key, locality, tier, body, body_key, kind, status, delegated_by, powers, voting, governors_voting, heads_voting, officers_voting, agencies_voting, staff_voting, councillors_voting, community_voting, independent_voting, heads_attending, ranges, body_evidence, seat_evidence
// empty: no body in {la} other than schools' own governing bodies takes binding decisions
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(a:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b, a
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
  AND b.decision_rights = 'binding'
  AND NOT b:GoverningBody
OPTIONAL MATCH (a)-[:PART_OF*0..1]->(loc:Locality)
// a cluster in several localities: the one with the smallest key, so both engines agree
WITH s, b, a, collect(CASE WHEN loc IS NULL THEN null ELSE [loc.key, loc.name] END) AS locs
WITH s, b, a, CASE WHEN a:Locality THEN a.name ELSE reduce(m = null, x IN locs | CASE WHEN m IS NULL OR x[0] < m[0] THEN x ELSE m END)[1] END AS locality
OPTIONAL MATCH (g)-[d:DELEGATES_TO]->(b)
WITH s, b, a, locality, collect(DISTINCT g.name) AS delegated_by, collect(d.powers) AS plists,
     collect(coalesce(d.evidence, 'ungraded')) AS dev
OPTIONAL MATCH (x:Person)-[m:MEMBER_OF]->(b)
WHERE coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH s, b, a, locality, delegated_by, plists, dev, m, x,
     CASE WHEN m IS NULL THEN 0 ELSE coalesce(m.places, m.places_min, 1) END AS n
WITH s, b, a, locality, delegated_by, reduce(acc = [], pl IN plists | acc + pl) AS powers, dev,
     toInteger(sum(CASE WHEN m.voting THEN n ELSE 0 END)) AS voting,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'governor' THEN n ELSE 0 END)) AS gv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'headteacher' THEN n ELSE 0 END)) AS hv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'officer' THEN n ELSE 0 END)) AS ov,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'agency' THEN n ELSE 0 END)) AS av,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'staff' THEN n ELSE 0 END)) AS sv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'councillor' THEN n ELSE 0 END)) AS cv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'community' THEN n ELSE 0 END)) AS mv,
     toInteger(sum(CASE WHEN m.voting AND m.constituency = 'independent' THEN n ELSE 0 END)) AS iv,
     toInteger(sum(CASE WHEN m.constituency = 'headteacher' AND m.attendance = 'attends_without_membership' THEN n ELSE 0 END)) AS ha,
     collect(CASE WHEN m.places IS NULL AND m.places_max > n THEN [m.constituency, m.voting, m.places_max - n] END) AS ranges,
     collect(DISTINCT CASE WHEN m IS NULL THEN null ELSE coalesce(m.evidence, 'ungraded') END)
       + collect(DISTINCT CASE WHEN x IS NULL THEN null ELSE coalesce(x.evidence, 'ungraded') END) AS sev
RETURN s.name AS authority, s.key AS authority_key, locality,
       coalesce(b.tier, a.tier, CASE WHEN a:Cluster THEN 'neighbourhood' WHEN a:Locality THEN 'locality' ELSE 'authority' END) AS tier,
       b.name AS body, b.key AS body_key, [l IN labels(b) WHERE l <> 'Body'][0] AS kind,
       CASE WHEN $as_of IS NULL OR coalesce(b.proposed, b.established) IS NULL THEN b.status WHEN b.established <= $as_of THEN 'active' ELSE 'proposed' END AS status, delegated_by, powers,
       voting, gv AS governors_voting, hv AS heads_voting, ov AS officers_voting,
       av AS agencies_voting, sv AS staff_voting, cv AS councillors_voting,
       mv AS community_voting, iv AS independent_voting, ha AS heads_attending, ranges,
       [coalesce(b.evidence, 'ungraded'), coalesce(a.evidence, 'ungraded')] + dev AS body_evidence,
       sev AS seat_evidence
ORDER BY authority, tier, body, body_key
