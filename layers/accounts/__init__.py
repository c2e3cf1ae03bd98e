"""Accounts, tokens and API keys, and the audit log: their database side."""
