"""The committed OpenAPI file is the API: integrators read it, so it must not drift from the code."""

from pathlib import Path

from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"


def test_committed_openapi_schema_matches_the_code(tmp_path):
    """As an integrator I can trust docs/openapi.yaml; regenerate it with `cchc spectacular --file docs/openapi.yaml`."""
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    assert generated.read_text(encoding="utf-8") == SCHEMA.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is out of date: run `.venv/bin/cchc spectacular --file docs/openapi.yaml`"
    )
