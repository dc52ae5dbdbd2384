// name: self_evaluation
// question: What did a cluster score on each dimension of its self-evaluation, for school leaders and for governors, and where do the two differ?
// params: cluster (cluster): the assessed cluster or body (key or name)
// returns: assessment, assessment_key, date, framework, position, dimension, leaders, governors, difference, scale_min, scale_max
// empty: no self-evaluation of {cluster} is recorded (made by the date asked, if one was)
MATCH (x:Assessment)-[:ASSESSES]->(c)
WHERE c.key = $cluster AND coalesce(x.proposed, x.established, x.open_date, x.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(x.close_date, 'open') AND coalesce(c.proposed, c.established, c.open_date, c.date, '') <= coalesce($as_of, 'now') AND coalesce($as_of, 'now') < coalesce(c.close_date, 'open')
MATCH (x)-[:USES_FRAMEWORK]->(f:EvaluationFramework)-[:HAS_DIMENSION]->(d:EvaluationDimension)
OPTIONAL MATCH (x)-[sc:SCORED]->(d)
RETURN x.name AS assessment, x.key AS assessment_key, x.date AS date, f.name AS framework,
       d.position AS position, d.name AS dimension, sc.leaders AS leaders, sc.governors AS governors,
       CASE WHEN sc.leaders IS NULL OR sc.governors IS NULL THEN null ELSE sc.governors - sc.leaders END AS difference,
       f.scale_min AS scale_min, f.scale_max AS scale_max
ORDER BY assessment_key, position
