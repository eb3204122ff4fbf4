"""Staff accounts: users, roles, passwords checked in equal time with a lockout."""
