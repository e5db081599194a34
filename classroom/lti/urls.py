"""Colloquy's LTI addresses, named `lti:<name>`: what a platform is given and calls."""

app_name = "lti"

urlpatterns = []
