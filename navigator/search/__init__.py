"""Search: a Russian analyzer, the Whoosh index (generations, atomic swap), queries with facets."""
