import pytest

from cchc.workcal import services
from cchc.workcal.sources import calendar_from_sources


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Each test starts without built calendars or issued warnings."""
    services.reset_cache()
    yield
    services.reset_cache()


@pytest.fixture(scope="session")
def national():
    """The national calendar 2020–2027 straight from the seeding data (no database)."""
    return calendar_from_sources(range(2020, 2028))
