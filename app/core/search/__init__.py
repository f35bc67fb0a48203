"""Full-text search: tokenisation (tokens), index upkeep (index), tables (schema)."""
