"""The question library: one .cypher file per question, same text on FalkorDB and Neo4j."""
