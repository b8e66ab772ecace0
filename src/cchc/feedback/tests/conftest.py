import pytest
from django.core.cache import cache

from cchc.workcal import services as workcal

from .factories import build_feedback_world


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test builds its own calendars and starts with fresh rate limits."""
    workcal.reset_cache()
    cache.clear()
    yield
    workcal.reset_cache()
    cache.clear()


@pytest.fixture
def world(db):
    """The 2026 national calendar and the dossiers' small world, with reform officers."""
    workcal.seed_year(2026)
    return build_feedback_world()
