"""`cchc demo` gives an evaluator a complete, realistic data set to click through."""

import io

import pytest
from django.core.management import call_command

from cchc.catalog.models import Procedure, Sector
from cchc.dossiers.models import Dossier, Status
from cchc.units.models import Role, RoleGrant, Unit
from cchc.workcal.models import CalendarDay

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_command_loads_once_and_prints_the_logins():
    """As an evaluator I run `cchc demo --no-serve` and get units, calendar, catalogue and logins."""
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "demo12345" in text
    for username in [
        "motcua",
        "chuyenvien",
        "truongphong",
        "lanhdao",
        "cchc",
        "thamdinh",
        "quantri",
        "motcua.phuloc",
        "chuyenvien.phuloc",
        "truongphong.phuloc",
        "lanhdao.phuloc",
    ]:
        assert username in text
    assert "hồ sơ mẫu" in text
    assert Dossier.objects.filter(unit__code="CT-PHULOC", status=Status.PROCESSING).exists()
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(Role.values)
    assert Procedure.objects.count() >= 300
    assert Sector.objects.count() >= 12
    assert not CalendarDay.objects.filter(
        date__year__gte=2021, date__year__lte=2027, confirmed_at__isnull=True
    ).exists()
    assert CalendarDay.objects.filter(date__year=2027).exists()

    units_before = Unit.objects.count()
    procedures_before = Procedure.objects.count()
    dossiers_before = Dossier.objects.count()
    again = io.StringIO()
    call_command("demo", "--no-serve", stdout=again)
    assert "không nạp lại" in again.getvalue()
    assert (Unit.objects.count(), Procedure.objects.count()) == (units_before, procedures_before)
    assert Dossier.objects.count() == dossiers_before
