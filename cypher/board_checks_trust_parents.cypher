// name: board_checks_trust_parents
// question: For each of these local governing bodies, how many parent trustees holding on the date sit on the board of the trust that governs its academy?
// params: keys (list): keys of local governing bodies
//   trustee_roles (list): the roles that make a trustee, in lower case (analysis/register_checks.py, TRUSTEE_ROLES)
// returns: board, parent_trustees
// internal: true
// The model articles ask for two parent trustees, or two parent members on each local
// governing body: a local governing body short of two parents meets the rule when its trust's
// board has two (docs/board-checks.md). Seats as the board checks count them: register rows.
UNWIND $keys AS k
MATCH (g:GoverningBody {key: k})
WITH k, g
MATCH (g)-[:GOVERNS]->(:School)<-[:GOVERNS]-(tr:Trust)
OPTIONAL MATCH (:Person)-[m:MEMBER_OF]->(tr)
WHERE m.gid IS NOT NULL AND m.appointment = 'elected_parent' AND toLower(m.role) IN $trustee_roles
  AND coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH k, tr, count(m) AS parents
RETURN k AS board, max(parents) AS parent_trustees
ORDER BY board
