// name: findings
// question: What did the research find (paraphrased, with its source section and evidence grade), and which bodies and authorities does each finding concern?
// params: la (authority, optional): one authority or reference model (key, DfE code or name); all when omitted
// returns: finding, finding_key, kind, headline, statement, evidence, source, source_ref, question, params, columns, rows_where, concerns, concerns_keys
// empty: no finding concerns {la} or anything in it
MATCH (f:Finding)
OPTIONAL MATCH (f)-[:CONCERNS]->(x)
OPTIONAL MATCH (x)-[:IN_AREA|PART_OF*0..4]->(s:Authority)
WITH f, collect(DISTINCT x) AS xs, collect(DISTINCT s.key) AS places
WHERE $la IS NULL OR $la IN places
RETURN f.name AS finding, f.key AS finding_key, f.kind AS kind, coalesce(f.headline, false) AS headline,
       f.statement AS statement, f.evidence AS evidence, f.source AS source, f.source_ref AS source_ref,
       f.question AS question, f.params AS params, f.columns AS columns, f.rows_where AS rows_where,
       [x IN xs | x.name] AS concerns, [x IN xs | x.key] AS concerns_keys
ORDER BY source, finding_key
