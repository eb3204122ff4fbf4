"""Requests (заявления): numbers and codes, statuses, lookup, citizen history, agency API, notifications."""
