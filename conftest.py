"""Suite-wide setup: development settings for tests and the shared fixtures."""

import os

os.environ.setdefault("DEBUG", "1")

pytest_plugins = ["tests.live", "tests.fixtures", "tests.lti_fixtures"]
