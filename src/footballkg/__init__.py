"""footballkg: a football knowledge graph and the toolkit to query, export and validate it."""

__version__ = "0.1.0"
