"""Signing in with a school account through OpenID Connect (mozilla-django-oidc)."""
