"""Content catalogue: Markdown files with front matter → validated, immutable Catalog."""
