// name: changes_bodies
// question: Which bodies (trusts, federations, partnerships) were proposed, opened or established, closed, dissolved or given up between two dates?
// params: since (date): changes after this date (YYYY-MM-DD)
//   until (date): changes up to and including this date
//   la (authority, optional): bodies in one authority; all when omitted
// returns: date, change, subject, subject_key, object, object_key, source, source_ref, evidence, first_seen, last_seen
// empty: nothing in {la} changed between {since} and {until}
MATCH (b:Body)
WHERE ((b.proposed > $since AND b.proposed <= $until) OR (b.established > $since AND b.established <= $until) OR (b.close_date > $since AND b.close_date <= $until))
OPTIONAL MATCH (b)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(x:Authority)
WHERE x.key = $la
WITH b, count(x) AS inla
WHERE $la IS NULL OR inla > 0
UNWIND [CASE WHEN (b.proposed > $since AND b.proposed <= $until) THEN [b.proposed, 'proposed'] END,
        CASE WHEN (b.established > $since AND b.established <= $until) THEN [b.established, CASE WHEN b.group_uid IS NULL THEN 'established' ELSE 'opened' END] END,
        CASE WHEN (b.close_date > $since AND b.close_date <= $until) THEN [b.close_date, CASE b.status WHEN 'not_materialised' THEN 'not materialised' WHEN 'dissolved' THEN 'dissolved' ELSE 'closed' END] END] AS c
WITH b, c WHERE c IS NOT NULL
RETURN c[0] AS date, c[1] AS change, b.name AS subject, b.key AS subject_key,
       [l IN labels(b) WHERE l <> 'Body'][0] AS object, null AS object_key,
       b.source AS source, b.source_ref AS source_ref, coalesce(b.evidence, 'ungraded') AS evidence,
       b.first_seen AS first_seen, b.last_seen AS last_seen
ORDER BY date, change, subject_key, object_key
