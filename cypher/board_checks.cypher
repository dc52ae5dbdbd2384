// name: board_checks
// question: Which register boards fail a published governance rule on a date (docs/board-checks.md), and which GIAS rows (GIDs) show each failure?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); all when omitted
// returns: board, board_name, board_type, checked, flags
// internal: true
// The rules of docs/board-checks.md, evaluated per board on the server so that only flagged
// boards come back (analysis/register_checks.py words each flag and cites its source).
// A seat counts when it holds on the date; a seat is over when its end is on or before the
// date (the fact "over since its end" holds then). A board is checked when one of its seats
// had begun by the date; `checked` counts them, on every row. With no flagged board, one row of nulls
// carries `checked`.
MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL AND ($boards IS NULL OR b.key IN $boards)
WITH b, p, m, toLower(coalesce(m.role, '')) AS role, coalesce(m.appointment, 'other') AS app,
     {start: m.end} AS over
WITH b, p, m, role, app,
     coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open') AS cur,
     m.end IS NOT NULL AND coalesce(over.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(over.end, 'open') AS ended
WITH b, p,
     collect(CASE WHEN cur AND role STARTS WITH 'member' THEN m.gid END) AS mem,
     collect(CASE WHEN cur AND role IN ['trustee', 'chair of trustees'] THEN m.gid END) AS tru,
     collect(CASE WHEN cur AND role = 'chair of trustees' THEN m.gid END) AS chair,
     collect(CASE WHEN cur AND role IN ['accounting officer', 'chief financial officer', 'chief executive'] THEN m.gid END) AS officer,
     collect(CASE WHEN cur AND app = 'elected_parent' AND role IN ['trustee', 'chair of trustees'] THEN m.gid END) AS parent_tru,
     collect(CASE WHEN cur AND app = 'elected_parent' THEN m.gid END) AS parent,
     collect(CASE WHEN cur THEN m.gid END) AS now_gids,
     collect(CASE WHEN cur AND (app <> 'other' OR role CONTAINS 'governor') THEN [m.gid, app] END) AS voting,
     collect(CASE WHEN ended THEN m.gid END) AS ended,
     max(CASE WHEN cur OR ended THEN 1 ELSE 0 END) AS seen,
     max(CASE WHEN role IN ['trustee', 'chair of trustees', 'member'] THEN 1 ELSE 0 END) AS trust_role,
     max(CASE WHEN role IN ['local governor', 'chair of local governing body', 'shared local governor', 'shared chair of local governing body'] THEN 1 ELSE 0 END) AS local_role
WITH b,
     collect(CASE WHEN size(mem) > 0 THEN [p.key, p.name, mem, tru, chair] END) AS members,
     collect(CASE WHEN size(tru) > 0 THEN [p.key, p.boards, tru, officer] END) AS trustees,
     collect(parent_tru) AS parent_tru, collect(parent) AS parent, collect(now_gids) AS now_gids,
     collect(voting) AS voting, collect(CASE WHEN size(now_gids) = 0 THEN ended ELSE [] END) AS ended,
     max(trust_role) AS trust_role, max(local_role) AS local_role, max(seen) AS seen
WHERE seen = 1
WITH b, members, trustees,
     reduce(a = [], x IN parent_tru | a + x) AS parent_tru, reduce(a = [], x IN parent | a + x) AS parent,
     reduce(a = [], x IN now_gids | a + x) AS now_gids, reduce(a = [], x IN voting | a + x) AS voting,
     reduce(a = [], x IN ended | a + x) AS ended,
     CASE WHEN b:Trust THEN 'trust board' WHEN b:FederatedGoverningBody THEN 'federation governing body'
          WHEN trust_role = 1 THEN 'single-academy trust board'
          WHEN local_role = 1 THEN 'local governing body' ELSE 'maintained governing body' END AS board_type
WITH b, board_type, parent, now_gids, voting, ended,
     CASE WHEN board_type IN ['trust board', 'single-academy trust board'] THEN members ELSE [] END AS members,
     CASE WHEN board_type IN ['trust board', 'single-academy trust board'] THEN trustees ELSE [] END AS trustees,
     CASE WHEN board_type IN ['trust board', 'single-academy trust board'] THEN parent_tru ELSE [] END AS parent_tru
// the employees of a trust among its trustees: a head (ex officio) or elected staff governor
// of a school the trust governs (people on more than one board only)
WITH b, board_type, parent, now_gids, voting, ended, members, trustees, parent_tru,
     [(b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(:GoverningBody)<-[e:MEMBER_OF]-(x:Person)
      WHERE size(trustees) > 0 AND x.boards > 1 AND e.gid IS NOT NULL
        AND e.appointment IN ['ex_officio_head', 'elected_staff']
        AND coalesce(e.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(e.end, 'open')
      | [x.key, e.gid]] AS staff
// a trust's local governing bodies, and one entry per parent seat holding on them
WITH b, board_type, parent, now_gids, voting, ended, members, trustees, parent_tru, staff,
     [(b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(lg:GoverningBody)
      WHERE b:Trust AND size(parent_tru) < 2 | lg.key] AS lgbs
WITH b, board_type, parent, now_gids, voting, ended, members, trustees, parent_tru, staff, lgbs,
     [(b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(pg:GoverningBody)<-[q:MEMBER_OF]-(:Person)
      WHERE size(lgbs) > 0 AND q.appointment = 'elected_parent'
        AND coalesce(q.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(q.end, 'open')
      | [pg.key, q.appointment]] AS lgb_parents
WITH b, board_type, parent, now_gids, voting, ended, members, parent_tru,
     [t IN trustees | [t[0], t[2], t[3] + [s IN staff WHERE s[0] = t[0] | s[1]]]] AS trustees,
     size(lgbs) > 0 AND all(k IN lgbs WHERE size([x IN lgb_parents WHERE x[0] = k]) >= 2) AS lgb_ok
WITH b, board_type,
     [t IN trustees WHERE size(t[2]) > 0 | t[1] + t[2]] AS employees,
     [mb IN members WHERE size(mb[3]) > 0] AS both,
     members, trustees, parent_tru, lgb_ok, parent, now_gids, voting, ended,
     [pl IN [['elected_parent', 2], ['elected_staff', 1], ['ex_officio_head', 1], ['la_appointed', 1]]
      | [pl[0], size([v IN voting WHERE v[1] = pl[0]]), pl[1]]] AS places
WITH b, board_type,
     CASE WHEN board_type IN ['trust board', 'single-academy trust board'] THEN
       [mb IN members WHERE size(mb[4]) > 0 | {check: 'chair_is_member', key: mb[0], name: mb[1], gids: mb[4] + mb[2]}]
       + CASE WHEN size(members) > 0 AND size(both) * 2 > size(members) THEN
           [{check: 'members_not_independent', n: size(both), of: size(members),
             gids: reduce(a = [], mb IN both | a + mb[2] + mb[3])}] ELSE [] END
       + CASE WHEN size(members) < 3 THEN
           [{check: 'fewer_than_three_members', n: size(members),
             gids: reduce(a = [], mb IN members | a + mb[2])}] ELSE [] END
       + CASE WHEN size(employees) > 1 THEN
           [{check: 'employees_on_board', n: size(employees),
             gids: reduce(a = [], x IN employees | a + x)}] ELSE [] END
       + CASE WHEN size(parent_tru) < 2 AND NOT lgb_ok THEN
           [{check: 'parent_seats', n: size(parent_tru),
             gids: CASE WHEN size(parent_tru) > 0 THEN parent_tru
                        ELSE reduce(a = [], t IN trustees | a + t[1]) END}] ELSE [] END
     WHEN board_type = 'local governing body' THEN
       CASE WHEN size(parent) < 2 THEN
         [{check: 'parent_seats', n: size(parent),
           gids: CASE WHEN size(parent) > 0 THEN parent ELSE now_gids END}] ELSE [] END
     ELSE
       CASE WHEN any(pl IN places WHERE pl[1] < pl[2]) THEN
         [{check: 'constitution_places', places: [pl IN places WHERE pl[1] < pl[2]],
           gids: [v IN voting | v[0]]}] ELSE [] END
     END
     + CASE WHEN size(ended) > 0 THEN [{check: 'term_ended', n: size(ended), gids: ended}] ELSE [] END
     AS flags
WITH count(b) AS checked, collect(CASE WHEN size(flags) > 0 THEN [b.key, b.name, board_type, flags] END) AS found
UNWIND CASE WHEN size(found) = 0 THEN [[null, null, null, null]] ELSE found END AS f
RETURN f[0] AS board, f[1] AS board_name, f[2] AS board_type, checked, f[3] AS flags
