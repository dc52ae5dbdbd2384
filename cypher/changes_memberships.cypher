// name: changes_memberships
// question: Which schools joined or left a trust or federation between two dates (or were first listed in one)?
// params: since (date): changes after this date (YYYY-MM-DD)
//   until (date): changes up to and including this date
//   la (authority, optional): schools in one authority; all when omitted
// returns: date, change, subject, subject_key, object, object_key, source, source_ref, evidence, first_seen, last_seen
// empty: nothing in {la} changed between {since} and {until}
// shape: with an authority, start from its schools and bodies; without one, scan every fact (the
// UNWIND of [] skips the scan when an authority is given). Filtering every fact by a path to the
// authority took 1.4-47 s per authority on a national store; benchmarks/README.md.
CALL {
  UNWIND CASE WHEN $la IS NULL THEN [1] ELSE [] END AS everywhere
  MATCH (s:School)-[m:MEMBER_INSTITUTION]->(b:Body)
  WHERE (b:Trust OR b:FederatedGoverningBody) AND ((m.start > $since AND m.start <= $until) OR (m.end > $since AND m.end <= $until) OR (m.first_seen > $since AND m.first_seen <= $until))
  RETURN s, b, m
  UNION
  MATCH (:Authority {key: $la})<-[:PART_OF*0..3]-(:Area)<-[:IN_AREA]-(s:School)
  WITH DISTINCT s
  MATCH (s)-[m:MEMBER_INSTITUTION]->(b:Body)
  WHERE (b:Trust OR b:FederatedGoverningBody) AND ((m.start > $since AND m.start <= $until) OR (m.end > $since AND m.end <= $until) OR (m.first_seen > $since AND m.first_seen <= $until))
  RETURN s, b, m
}
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
