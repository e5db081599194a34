"""Accounts: signing up, one's own settings, and Django's login and password pages."""
