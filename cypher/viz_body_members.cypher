// name: viz_body_members
// question: Who sits on this body, with their constituency, vote and attendance, for the professionals-versus-governors view?
// params: body (body): the body (key or name)
// returns: body, body_name, body_kind, person, name, person_kind, role, constituency, voting, attendance, places, source, source_ref
// internal: true
MATCH (b:Body {key: $body})
OPTIONAL MATCH (p:Person)-[m:MEMBER_OF]->(b)
RETURN b.key AS body, b.name AS body_name, [l IN labels(b) WHERE l <> 'Body'][0] AS body_kind,
       p.key AS person, p.name AS name, p.kind AS person_kind, m.role AS role,
       m.constituency AS constituency, m.voting AS voting, m.attendance AS attendance,
       m.places AS places, m.source AS source, m.source_ref AS source_ref
ORDER BY constituency, name, person
