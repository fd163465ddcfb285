"""`footballkg serve`: the project over SPARQL 1.1 and as web pages, safe by default."""
