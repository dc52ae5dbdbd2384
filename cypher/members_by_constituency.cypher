// name: members_by_constituency
// question: Who sits on a body, grouped by constituency, and which of them vote?
// params: body (body): the body (key or name)
// returns: constituency, voting, attendance, members, roles
// empty: nobody is recorded as sitting on {body}
MATCH (b:Body {key: $body})
MATCH (p:Person)-[m:MEMBER_OF]->(b)
RETURN m.constituency AS constituency, m.voting AS voting, m.attendance AS attendance,
       count(p) AS members, collect(DISTINCT m.role) AS roles
ORDER BY constituency, voting DESC, attendance
