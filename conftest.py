"""Suite-wide setup: development settings for tests and the shared fixtures."""

import os

os.environ.setdefault("DEBUG", "1")
# The cookies production sets, so the LMS frame works in the tests as it does for schools.
os.environ.setdefault("LMS_FRAME_COOKIES", "1")

pytest_plugins = ["tests.live", "tests.fixtures", "tests.lti_fixtures"]
