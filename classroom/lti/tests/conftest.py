"""The tests' own LMS on a loopback port, and a clean cache (service tokens live there)."""

import pytest
from django.core.cache import cache

from tests.lti_platform import LearningPlatform


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lms():
    with LearningPlatform() as platform:
        yield platform
