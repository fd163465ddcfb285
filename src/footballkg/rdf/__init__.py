"""Reading RDF text: where each node and statement is written."""
