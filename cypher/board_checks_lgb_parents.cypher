// name: board_checks_lgb_parents
// question: For each of these trusts, which local governing bodies do its academies have, and how many parent seats holding on the date does the one with fewest hold?
// params: keys (list): keys of trusts
// returns: trust, fewest, bodies, body_keys
// internal: true
UNWIND $keys AS t
MATCH (tr:Trust {key: t})-[:GOVERNS]->(:School)<-[:GOVERNS]-(g:GoverningBody)
OPTIONAL MATCH (:Person)-[m:MEMBER_OF]->(g)
WHERE m.appointment = 'elected_parent'
  AND coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH t, g, count(m) AS parents
RETURN t AS trust, min(parents) AS fewest, count(g) AS bodies, collect(g.key) AS body_keys
