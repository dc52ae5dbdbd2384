// name: members_by_constituency
// question: Who sits on a body (on the date asked, or now), grouped by constituency, and which of them vote?
// params: body (body): the body (key or name)
// returns: constituency, voting, attendance, members, roles
// empty: nobody is recorded as sitting on {body} on the date asked (or now)
MATCH (b:Body {key: $body})
WHERE coalesce(b.proposed, b.established, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(b.close_date, 'open')
MATCH (p:Person)-[m:MEMBER_OF]->(b)
WHERE coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open')
RETURN m.constituency AS constituency, m.voting AS voting, m.attendance AS attendance,
       count(p) AS members, collect(DISTINCT m.role) AS roles
ORDER BY constituency, voting DESC, attendance
