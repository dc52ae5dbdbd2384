// name: board_checks_boards
// question: What is each of these boards called, and is it a trust, a federation's or a school's governing body?
// params: keys (list): keys of boards
// returns: board, board_name, kind
// internal: true
UNWIND $keys AS k
MATCH (b:Body {key: k})
RETURN b.key AS board, b.name AS board_name,
       CASE WHEN b:Trust THEN 'trust' WHEN b:FederatedGoverningBody THEN 'federation'
            WHEN b:GoverningBody THEN 'governing_body' ELSE 'other' END AS kind
