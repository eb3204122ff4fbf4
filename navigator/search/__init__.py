"""Search: a Russian analyzer, the index (numpy segments in generations, atomic swap), queries with facets."""
