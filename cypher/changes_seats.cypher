// name: changes_seats
// question: Which seats on boards and partnership bodies started or ended between two dates?
// params: since (date): changes after this date (YYYY-MM-DD)
//   until (date): changes up to and including this date
//   la (authority, optional): bodies in, or governing a school in, one authority; all when omitted
// returns: date, change, subject, subject_key, object, object_key, source, source_ref, evidence, first_seen, last_seen
// empty: nothing in {la} changed between {since} and {until}
MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)
WHERE ((m.start > $since AND m.start <= $until) OR (m.end > $since AND m.end <= $until))
OPTIONAL MATCH (b)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(x:Authority)
WHERE x.key = $la
WITH p, b, m, count(x) AS bin
OPTIONAL MATCH (b)-[:GOVERNS]->(:School)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(y:Authority)
WHERE y.key = $la
WITH p, b, m, bin, count(y) AS sin
WHERE $la IS NULL OR bin + sin > 0
UNWIND [CASE WHEN (m.start > $since AND m.start <= $until) THEN [m.start, 'seat started: ' + m.role] END,
        CASE WHEN (m.end > $since AND m.end <= $until) THEN [m.end, CASE WHEN m.end > m.last_seen THEN 'seat no longer listed: ' ELSE 'seat ended: ' END + m.role] END] AS c
WITH p, b, m, c WHERE c IS NOT NULL
RETURN c[0] AS date, c[1] AS change, p.name AS subject, p.key AS subject_key,
       b.name AS object, b.key AS object_key,
       m.source AS source, m.source_ref AS source_ref, coalesce(m.evidence, 'ungraded') AS evidence,
       m.first_seen AS first_seen, m.last_seen AS last_seen
ORDER BY date, change, subject_key, object_key
