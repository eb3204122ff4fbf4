"""Staff console: users, roles, login, and the pages where agencies work on requests."""
