"""govgraph's graph model: the schema, the store (FalkorDB or Neo4j) and the question runner."""
from .exc import GovgraphError
from .model import InvalidModel, InvalidValue, Model, default_model, load_model
from .store import Graph, StoreError

__all__ = ["GovgraphError", "Graph", "InvalidModel", "InvalidValue", "Model", "StoreError", "default_model",
           "load_model"]
