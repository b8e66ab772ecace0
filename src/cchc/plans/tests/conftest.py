import pytest

from cchc.workcal import services as workcal


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Each test builds its own calendar rows: never reuse another test's calendars."""
    workcal.reset_cache()
    yield
    workcal.reset_cache()
