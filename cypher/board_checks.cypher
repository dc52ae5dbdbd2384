// name: board_checks
// question: Which register boards fail a published governance rule on a date (docs/board-checks.md), and which GIAS rows (GIDs) show each failure?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); all when omitted
// returns: board, board_name, board_type, checked, flags
// internal: true
// The rules of docs/board-checks.md, evaluated per board on the server so that only flagged
// boards come back (analysis/register_checks.py words each flag and cites its source).
// Each seat is [person, gid, role, appointment, state, chair's name], state 1 when it holds
// on the date, 2 when it is over (its end is on or before the date: the fact "over since its
// end" holds then), 0 when it had not begun. A board is checked when one of its seats had
// begun by the date; `checked` counts them, on every row (one row of nulls when none is
// flagged). One aggregation per board: grouping by board and person first costs 10x more.
MATCH (p:Person)-[m:MEMBER_OF]->(b:Body)
WHERE m.gid IS NOT NULL AND ($boards IS NULL OR b.key IN $boards)
WITH b, p, m, toLower(coalesce(m.role, '')) AS role, {start: m.end} AS over
WITH b, collect([p.key, m.gid, role, coalesce(m.appointment, 'other'),
                 CASE WHEN coalesce(m.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(m.end, 'open') THEN 1
                      WHEN m.end IS NOT NULL AND coalesce(over.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(over.end, 'open') THEN 2 ELSE 0 END,
                 CASE WHEN role = 'chair of trustees' THEN p.name END]) AS seats
WHERE any(s IN seats WHERE s[4] > 0)
WITH b, seats, [s IN seats WHERE s[4] = 1] AS cur,
     CASE WHEN b:Trust THEN 'trust board' WHEN b:FederatedGoverningBody THEN 'federation governing body'
          WHEN any(s IN seats WHERE s[2] IN ['trustee', 'chair of trustees', 'member']) THEN 'single-academy trust board'
          WHEN any(s IN seats WHERE s[2] IN ['local governor', 'chair of local governing body', 'shared local governor', 'shared chair of local governing body']) THEN 'local governing body'
          ELSE 'maintained governing body' END AS board_type
WITH b, board_type, cur,
     [s IN seats WHERE s[4] = 2 AND NOT any(c IN cur WHERE c[0] = s[0]) | s[1]] AS ended,
     CASE WHEN board_type IN ['trust board', 'single-academy trust board'] THEN cur ELSE [] END AS tcur
WITH b, board_type, cur, ended, tcur,
     reduce(a = [], s IN tcur | CASE WHEN s[0] IN a THEN a ELSE a + [s[0]] END) AS keys
// per person on a trust board: [key, member gids, trustee gids, chair gids, officer gids, name]
WITH b, board_type, cur, ended,
     [k IN keys | [k, [s IN tcur WHERE s[0] = k AND s[2] STARTS WITH 'member' | s[1]],
                  [s IN tcur WHERE s[0] = k AND s[2] IN ['trustee', 'chair of trustees'] | s[1]],
                  [s IN tcur WHERE s[0] = k AND s[2] = 'chair of trustees' | s[1]],
                  [s IN tcur WHERE s[0] = k AND s[2] IN ['accounting officer', 'chief financial officer', 'chief executive'] | s[1]],
                  head([s IN tcur WHERE s[0] = k AND s[5] IS NOT NULL | s[5]])]] AS persons,
     [s IN tcur WHERE s[3] = 'elected_parent' AND s[2] IN ['trustee', 'chair of trustees'] | s[1]] AS parent_tru
WITH b, board_type, cur, ended, parent_tru,
     [x IN persons WHERE size(x[1]) > 0] AS members, [x IN persons WHERE size(x[2]) > 0] AS trustees
// the employees of a trust among its trustees: a head (ex officio) or elected staff governor
// of a school the trust governs (people on more than one board only)
WITH b, board_type, cur, ended, parent_tru, members, trustees,
     [(b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(:GoverningBody)<-[e:MEMBER_OF]-(x:Person)
      WHERE size(trustees) > 0 AND x.boards > 1 AND e.gid IS NOT NULL
        AND e.appointment IN ['ex_officio_head', 'elected_staff']
        AND coalesce(e.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(e.end, 'open')
      | [x.key, e.gid]] AS staff
// a trust's local governing bodies, and one entry per parent seat holding on them
WITH b, board_type, cur, ended, parent_tru, members, trustees, staff,
     [(b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(lg:GoverningBody)
      WHERE b:Trust AND size(parent_tru) < 2 | lg.key] AS lgbs
WITH b, board_type, cur, ended, parent_tru, members, trustees, staff, lgbs,
     [(b)-[:GOVERNS]->(:School)<-[:GOVERNS]-(pg:GoverningBody)<-[q:MEMBER_OF]-(:Person)
      WHERE size(lgbs) > 0 AND q.appointment = 'elected_parent'
        AND coalesce(q.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(q.end, 'open')
      | [pg.key, q.appointment]] AS lgb_parents
WITH b, board_type, cur, ended, parent_tru, members, trustees,
     [t IN trustees WHERE size(t[4]) > 0 OR any(s IN staff WHERE s[0] = t[0])
      | t[2] + t[4] + [s IN staff WHERE s[0] = t[0] | s[1]]] AS employees,
     size(lgbs) > 0 AND all(k IN lgbs WHERE size([x IN lgb_parents WHERE x[0] = k]) >= 2) AS lgb_ok,
     [s IN cur WHERE s[3] = 'elected_parent' | s[1]] AS parent,
     [s IN cur WHERE s[3] <> 'other' OR s[2] CONTAINS 'governor'] AS voting
WITH b, board_type, ended, parent_tru, members, trustees, employees, lgb_ok, parent, cur, voting,
     [mb IN members WHERE size(mb[2]) > 0] AS both,
     [pl IN [['elected_parent', 2], ['elected_staff', 1], ['ex_officio_head', 1], ['la_appointed', 1]]
      | [pl[0], size([v IN voting WHERE v[3] = pl[0]]), pl[1]]] AS places
WITH b, board_type,
     CASE WHEN board_type IN ['trust board', 'single-academy trust board'] THEN
       [mb IN members WHERE size(mb[3]) > 0 | {check: 'chair_is_member', key: mb[0], name: mb[5], gids: mb[3] + mb[1]}]
       + CASE WHEN size(members) > 0 AND size(both) * 2 > size(members) THEN
           [{check: 'members_not_independent', n: size(both), of: size(members),
             gids: reduce(a = [], mb IN both | a + mb[1] + mb[2])}] ELSE [] END
       + CASE WHEN size(members) < 3 THEN
           [{check: 'fewer_than_three_members', n: size(members),
             gids: reduce(a = [], mb IN members | a + mb[1])}] ELSE [] END
       + CASE WHEN size(employees) > 1 THEN
           [{check: 'employees_on_board', n: size(employees),
             gids: reduce(a = [], x IN employees | a + x)}] ELSE [] END
       + CASE WHEN size(parent_tru) < 2 AND NOT lgb_ok THEN
           [{check: 'parent_seats', n: size(parent_tru),
             gids: coalesce(head([x IN [parent_tru] WHERE size(x) > 0]),
                            reduce(a = [], t IN trustees | a + t[2]))}] ELSE [] END
     WHEN board_type = 'local governing body' THEN
       CASE WHEN size(parent) < 2 THEN
         [{check: 'parent_seats', n: size(parent),
           gids: coalesce(head([x IN [parent] WHERE size(x) > 0]), [s IN cur | s[1]])}] ELSE [] END
     ELSE
       CASE WHEN any(pl IN places WHERE pl[1] < pl[2]) THEN
         [{check: 'constitution_places', places: [pl IN places WHERE pl[1] < pl[2]],
           gids: [v IN voting | v[1]]}] ELSE [] END
     END
     + CASE WHEN size(ended) > 0 THEN [{check: 'term_ended', n: size(ended), gids: ended}] ELSE [] END
     AS flags
WITH count(b) AS checked, collect(CASE WHEN size(flags) > 0 THEN [b.key, b.name, board_type, flags] END) AS found
UNWIND CASE WHEN size(found) = 0 THEN [[null, null, null, null]] ELSE found END AS f
RETURN f[0] AS board, f[1] AS board_name, f[2] AS board_type, checked, f[3] AS flags
