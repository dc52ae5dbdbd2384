// name: interlocks
// question: Which people or seats sit on more than one body, and which bodies do they link?
// params: la (authority, optional): one authority (key, DfE code or name); all when omitted
// returns: authority, person, person_key, constituencies, bodies, body_keys, voting_on
// empty: nobody sits on more than one body in {la}
MATCH (s:Authority)
WHERE $la IS NULL OR s.key = $la
MATCH (b:Body)-[:IN_AREA]->(:Area)-[:PART_OF*0..3]->(s)
WITH DISTINCT s, b
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
MATCH (p:Person)-[m:MEMBER_OF]->(b)
WHERE coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
WITH s, p, collect(DISTINCT m.constituency) AS constituencies, collect(DISTINCT b.name) AS bodies,
     collect(DISTINCT b.key) AS body_keys,
     count(DISTINCT CASE WHEN m.voting THEN b END) AS voting_on
WHERE size(body_keys) > 1
RETURN s.name AS authority, p.name AS person, p.key AS person_key, constituencies, bodies,
       body_keys, voting_on
ORDER BY authority, size(body_keys) DESC, person, person_key
