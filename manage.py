#!/usr/bin/env python
"""Django's command-line utility for Colloquy."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # manage.py is the developer's tool; production serves through config.wsgi and runs its
    # management commands with DEBUG=0 and a real SECRET_KEY in the environment.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
