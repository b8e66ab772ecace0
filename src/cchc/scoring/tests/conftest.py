import pytest


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    """Evidence files of a test go to its own folder, never the project's `var/`."""
    settings.MEDIA_ROOT = tmp_path / "files"
