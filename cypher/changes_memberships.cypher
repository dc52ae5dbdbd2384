// name: changes_memberships
// question: Which schools joined or left a trust or federation between two dates (or were first listed in one)?
// params: since (date): changes after this date (YYYY-MM-DD)
//   until (date): changes up to and including this date
//   la (authority, optional): schools in one authority; all when omitted
// returns: date, change, subject, subject_key, object, object_key, source, source_ref, evidence, first_seen, last_seen
// empty: nothing in {la} changed between {since} and {until}
MATCH (s:School)-[m:MEMBER_INSTITUTION]->(b:Body)
WHERE (b:Trust OR b:FederatedGoverningBody)
  AND ((m.start > $since AND m.start <= $until) OR (m.end > $since AND m.end <= $until) OR (m.first_seen > $since AND m.first_seen <= $until))
OPTIONAL MATCH (s)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(x:Authority)
WHERE x.key = $la
WITH s, b, m, count(x) AS inla
WHERE $la IS NULL OR inla > 0
WITH s, b, m, CASE WHEN b:FederatedGoverningBody THEN 'federation' ELSE 'trust' END AS kind
UNWIND [CASE WHEN (m.start > $since AND m.start <= $until) THEN [m.start, 'joined ' + kind] END,
        CASE WHEN (m.end > $since AND m.end <= $until) THEN [m.end, 'left ' + kind] END,
        CASE WHEN (m.first_seen > $since AND m.first_seen <= $until) AND NOT coalesce((m.start > $since AND m.start <= $until), false) THEN [m.first_seen, 'first listed in ' + kind] END] AS c
WITH s, b, m, c WHERE c IS NOT NULL
RETURN c[0] AS date, c[1] AS change, s.name AS subject, s.key AS subject_key,
       b.name AS object, b.key AS object_key,
       m.source AS source, m.source_ref AS source_ref, coalesce(m.evidence, 'ungraded') AS evidence,
       m.first_seen AS first_seen, m.last_seen AS last_seen
ORDER BY date, change, subject_key, object_key
