"""WSGI entry point for Colloquy."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config.startup import prepare_to_serve  # noqa: E402 (needs the settings configured above)

prepare_to_serve()
