"""Keyword-only service functions shared by the API, the CLI and activities (store + rules)."""
