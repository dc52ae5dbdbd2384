"""The govgraph command line: the one place that ties graphmodel, loaders and visualisations."""
__version__ = "0.1.0"
