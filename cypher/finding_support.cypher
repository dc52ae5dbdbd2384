// name: finding_support
// question: How well known are the facts about these bodies and places (those that hold on the date asked, or now): the grades of the nodes and of the memberships, delegations, accountability and placements that touch them?
// params: keys (list): keys of the bodies or places a finding's supporting rows rest on
// returns: evidence, facts
// internal: true
MATCH (n) WHERE n.key IN $keys
OPTIONAL MATCH (n)-[r:MEMBER_OF|DELEGATES_TO|ACCOUNTABLE_TO|IN_AREA|MEMBER_INSTITUTION|FUNDS|SUPERVISES]-()
WHERE coalesce(r.start, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(r.end, 'open')
WITH collect(DISTINCT n) AS ns, collect(DISTINCT r) AS rs
UNWIND [x IN ns | x.evidence] + [x IN rs | x.evidence] AS evidence
RETURN evidence, count(*) AS facts
ORDER BY evidence
