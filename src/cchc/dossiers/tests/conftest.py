import pytest

from cchc.workcal import services as workcal

from .factories import build_world


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    workcal.reset_cache()
    yield
    workcal.reset_cache()


@pytest.fixture
def world(db):
    """The 2026 national calendar seeded, and the small world of `factories.build_world`."""
    workcal.seed_year(2026)
    return build_world()
