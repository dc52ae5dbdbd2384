// name: board_checks_trust_bodies
// question: Which governing bodies (local governing bodies) do the academies of each of these trusts have?
// params: keys (list): keys of trusts
// returns: trust, body_keys
// internal: true
// The board checks count each body's parent seats on the date from its own seats, as they
// count every other seat (analysis/register_checks.py): one definition of holding a seat.
UNWIND $keys AS t
MATCH (tr:Trust {key: t})-[:GOVERNS]->(:School)<-[:GOVERNS]-(g:GoverningBody)
RETURN t AS trust, collect(DISTINCT g.key) AS body_keys
ORDER BY trust
