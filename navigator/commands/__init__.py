"""Command groups of `flask --app wsgi …` beside the core ones in navigator/cli.py."""
