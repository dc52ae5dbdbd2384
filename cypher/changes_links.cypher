// name: changes_links
// question: Which schools were linked to a predecessor or successor (converted, merged, replaced) between two dates, or first listed so?
// params: since (date): changes after this date (YYYY-MM-DD)
//   until (date): changes up to and including this date
//   la (authority, optional): links with a school in one authority; all when omitted
// returns: date, change, subject, subject_key, object, object_key, source, source_ref, evidence, first_seen, last_seen
// empty: nothing in {la} changed between {since} and {until}
// shape: with an authority, start from its schools and bodies; without one, scan every fact (the
// UNWIND of [] skips the scan when an authority is given). Filtering every fact by a path to the
// authority took 1.4-47 s per authority on a national store; benchmarks/README.md.
CALL {
  UNWIND CASE WHEN $la IS NULL THEN [1] ELSE [] END AS everywhere
  MATCH (s:School)-[l:LINKED_TO]->(t:School)
  WHERE ((l.established > $since AND l.established <= $until) OR (l.first_seen > $since AND l.first_seen <= $until))
  RETURN s, t, l
  UNION
  MATCH (:Authority {key: $la})<-[:PART_OF*0..3]-(:Area)<-[:IN_AREA]-(:School)-[l:LINKED_TO]-(:School)
  WITH DISTINCT l
  WHERE ((l.established > $since AND l.established <= $until) OR (l.first_seen > $since AND l.first_seen <= $until))
  RETURN startNode(l) AS s, endNode(l) AS t, l
}
UNWIND [CASE WHEN (l.established > $since AND l.established <= $until) THEN [l.established, 'link: ' + l.link_type] END,
        CASE WHEN (l.first_seen > $since AND l.first_seen <= $until) AND NOT coalesce((l.established > $since AND l.established <= $until), false) THEN [l.first_seen, 'link first listed: ' + l.link_type] END] AS c
WITH s, t, l, c WHERE c IS NOT NULL
RETURN c[0] AS date, c[1] AS change, s.name AS subject, s.key AS subject_key,
       t.name AS object, t.key AS object_key,
       l.source AS source, l.source_ref AS source_ref, coalesce(l.evidence, 'ungraded') AS evidence,
       l.first_seen AS first_seen, l.last_seen AS last_seen
ORDER BY date, change, subject_key, object_key
