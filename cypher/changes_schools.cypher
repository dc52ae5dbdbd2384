// name: changes_schools
// question: Which schools opened or closed between two dates?
// params: since (date): changes after this date (YYYY-MM-DD)
//   until (date): changes up to and including this date
//   la (authority, optional): schools in one authority; all when omitted
// returns: date, change, subject, subject_key, object, object_key, source, source_ref, evidence, first_seen, last_seen
// empty: nothing in {la} changed between {since} and {until}
MATCH (s:School)
WHERE ((s.open_date > $since AND s.open_date <= $until) OR (s.close_date > $since AND s.close_date <= $until))
OPTIONAL MATCH (s)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(x:Authority)
WHERE x.key = $la
WITH s, count(x) AS inla
WHERE $la IS NULL OR inla > 0
UNWIND [CASE WHEN (s.open_date > $since AND s.open_date <= $until) THEN [s.open_date, 'school opened'] END,
        CASE WHEN (s.close_date > $since AND s.close_date <= $until) THEN [s.close_date, 'school closed'] END] AS c
WITH s, c WHERE c IS NOT NULL
RETURN c[0] AS date, c[1] AS change, s.name AS subject, s.key AS subject_key,
       s.type AS object, null AS object_key,
       s.source AS source, s.source_ref AS source_ref, coalesce(s.evidence, 'ungraded') AS evidence,
       s.first_seen AS first_seen, s.last_seen AS last_seen
ORDER BY date, change, subject_key, object_key
