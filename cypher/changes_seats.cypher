// name: changes_seats
// question: Which seats on boards and partnership bodies started or ended between two dates?
// params: since (date): changes after this date (YYYY-MM-DD)
//   until (date): changes up to and including this date
//   la (authority, optional): bodies in, or governing a school in, one authority; all when omitted
// returns: date, change, subject, subject_key, object, object_key, source, source_ref, evidence, first_seen, last_seen
// empty: nothing in {la} changed between {since} and {until}
// shape: with an authority, start from its schools and bodies; without one, scan every fact (the
// UNWIND of [] skips the scan when an authority is given). Filtering every fact by a path to the
// authority took 1.4-47 s per authority on a national store; benchmarks/README.md.
CALL {
  UNWIND CASE WHEN $la IS NULL THEN [1] ELSE [] END AS everywhere
  MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)
  WHERE ((m.start > $since AND m.start <= $until) OR (m.end > $since AND m.end <= $until))
  RETURN p, b, m
  UNION
  MATCH (:Authority {key: $la})<-[:PART_OF*0..3]-(:Area)<-[:IN_AREA]-(b:Body)
  WITH DISTINCT b
  MATCH (p:Person)-[m:MEMBER_OF]->(b)
  WHERE ((m.start > $since AND m.start <= $until) OR (m.end > $since AND m.end <= $until))
  RETURN p, b, m
  UNION
  MATCH (:Authority {key: $la})<-[:PART_OF*0..3]-(:Area)<-[:IN_AREA]-(:School)<-[:GOVERNS]-(b:Body)
  WITH DISTINCT b
  MATCH (p:Person)-[m:MEMBER_OF]->(b)
  WHERE ((m.start > $since AND m.start <= $until) OR (m.end > $since AND m.end <= $until))
  RETURN p, b, m
}
UNWIND [CASE WHEN (m.start > $since AND m.start <= $until) THEN [m.start, 'seat started: ' + m.role] END,
        CASE WHEN (m.end > $since AND m.end <= $until) THEN [m.end, CASE WHEN m.end > m.last_seen THEN 'seat no longer listed: ' ELSE 'seat ended: ' END + m.role] END] AS c
WITH p, b, m, c WHERE c IS NOT NULL
RETURN c[0] AS date, c[1] AS change, p.name AS subject, p.key AS subject_key,
       b.name AS object, b.key AS object_key,
       m.source AS source, m.source_ref AS source_ref, coalesce(m.evidence, 'ungraded') AS evidence,
       m.first_seen AS first_seen, m.last_seen AS last_seen
ORDER BY date, change, subject_key, object_key
