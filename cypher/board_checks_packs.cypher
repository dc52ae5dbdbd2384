// name: board_checks_packs
// question: Which register seats does each board list, whatever their dates, as the governance load packed them (one text per board), with the board's name and kind?
// params: boards (list, optional): keys of the boards in scope (interlocks_scope); all when omitted
// returns: board, board_name, kind, seats
// internal: true
// seats: loaders/seat_packs.py (its format, and why the store holds every board's pack or
// none). With boards, each is found by its key (index), not by a scan of every body.
CALL {
  UNWIND CASE WHEN $boards IS NULL THEN [1] ELSE [] END AS everyone
  MATCH (b:Body)
  WHERE b.register_seats IS NOT NULL
  RETURN b
  UNION
  UNWIND coalesce($boards, []) AS k
  MATCH (b:Body {key: k})
  WHERE b.register_seats IS NOT NULL
  RETURN b
}
WITH b
RETURN b.key AS board, b.name AS board_name,
       CASE WHEN b:Trust THEN 'trust' WHEN b:FederatedGoverningBody THEN 'federation'
            WHEN b:GoverningBody THEN 'governing_body' ELSE 'other' END AS kind,
       b.register_seats AS seats
