"""Loaders: case-study YAML and register CSVs into checked graph rows, written idempotently."""
