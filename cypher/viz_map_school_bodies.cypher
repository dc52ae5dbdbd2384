// name: viz_map_school_bodies
// question: Which bodies does each of these schools take part in (MEMBER_INSTITUTION) or is it governed by (GOVERNS) on the date (as_of; null: now): for each link the body key, the body name, how well the link is known and the body's labels?
// params: keys (list): keys of the schools a map draws
// returns: key, links
// internal: true
UNWIND $keys AS k
MATCH (s:School {key: k})
WITH s,
     [(s)-[r1:MEMBER_INSTITUTION]->(b1:Body) WHERE coalesce(r1.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(r1.end, 'open') AND coalesce(b1.proposed, b1.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b1.close_date, 'open') | [b1.key, b1.name, coalesce(r1.evidence, 'ungraded'), labels(b1)]] AS taking_part,
     [(b2:Body)-[r2:GOVERNS]->(s) WHERE coalesce(r2.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(r2.end, 'open') AND coalesce(b2.proposed, b2.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b2.close_date, 'open') | [b2.key, b2.name, coalesce(r2.evidence, 'ungraded'), labels(b2)]] AS governed_by
RETURN s.key AS key, taking_part + governed_by AS links
ORDER BY key
