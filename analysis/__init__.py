"""Analysis: measures, reports and findings, between the store (graphmodel) and the command line."""
