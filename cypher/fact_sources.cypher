// name: fact_sources
// question: Which documents (and sections) or register extracts (and rows) are the sources of the facts about these bodies, areas, institutions or people (the nodes, their memberships, delegations, accountability and areas), and how well is each known?
// params: keys (list): keys of the bodies, areas, institutions or people a report used
// returns: source, source_ref, evidence, facts
// internal: true
// A relationship between two of the nodes is counted once (DISTINCT r, streamed): collecting
// every node and relationship into one list first took 4.5 s for 2,000 boards and minutes
// for the national register's 20,274 (this text: 0.4 s and 4.6 s; benchmarks/README.md).
CALL {
  UNWIND $keys AS k
  OPTIONAL MATCH (b:Body {key: k})
  OPTIONAL MATCH (i:Institution {key: k})
  OPTIONAL MATCH (z:Area {key: k})
  OPTIONAL MATCH (q:Person {key: k})
  WITH coalesce(b, i, z, q) AS n
  WHERE n IS NOT NULL
  WITH DISTINCT n
  RETURN n.source AS source, n.source_ref AS source_ref, n.evidence AS evidence
  UNION ALL
  UNWIND $keys AS k
  OPTIONAL MATCH (b:Body {key: k})
  OPTIONAL MATCH (i:Institution {key: k})
  OPTIONAL MATCH (z:Area {key: k})
  OPTIONAL MATCH (q:Person {key: k})
  WITH coalesce(b, i, z, q) AS n
  WHERE n IS NOT NULL
  MATCH (n)-[r]-()
  WHERE type(r) IN ['MEMBER_OF', 'DELEGATES_TO', 'ACCOUNTABLE_TO', 'FUNDS', 'IN_AREA', 'MEMBER_INSTITUTION']
  WITH DISTINCT r
  RETURN r.source AS source, r.source_ref AS source_ref, r.evidence AS evidence
}
WITH source, source_ref, coalesce(evidence, 'ungraded') AS evidence
WHERE source IS NOT NULL
RETURN source, source_ref, evidence, count(*) AS facts
ORDER BY source, source_ref, evidence
