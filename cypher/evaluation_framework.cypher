// name: evaluation_framework
// question: Which dimensions does the cluster self-evaluation framework score, on what scale?
// params: none
// returns: framework, position, dimension, scale_min, scale_max, level_1, level_4
MATCH (f:EvaluationFramework)-[:HAS_DIMENSION]->(d:EvaluationDimension)
RETURN f.name AS framework, d.position AS position, d.name AS dimension,
       f.scale_min AS scale_min, f.scale_max AS scale_max, d.level_1 AS level_1, d.level_4 AS level_4
ORDER BY framework, position
