import pytest


@pytest.fixture(autouse=True)
def _small_demo_history(monkeypatch):
    """The demo's dossier history at 1 %: the shape of the data set, not its 50,000 rows."""
    monkeypatch.setenv("CCHC_DEMO_SCALE", "0.01")
