"""Load the whole demo data set through each app's own loader."""

import os
from datetime import date

from django.db import transaction

from cchc.catalog.demo import load_demo_catalog
from cchc.dossiers.demo import DemoHistory, load_demo_dossiers
from cchc.feedback.demo import load_demo_feedback
from cchc.plans.demo import load_demo_plans
from cchc.reporting.demo import load_demo_reports
from cchc.scoring.demo import load_demo_scoring
from cchc.units.demo import load_demo_units
from cchc.units.models import Unit, User
from cchc.workcal.services import confirm_year, seed_year

CALENDAR_YEARS = range(2021, 2028)


def database_is_empty() -> bool:
    return not Unit.objects.exists()


def demo_scale() -> float:
    """`CCHC_DEMO_SCALE` (default 1): how much of the generated dossier history to write."""
    return float(os.environ.get("CCHC_DEMO_SCALE", "1") or 1)


@transaction.atomic
def load_demo(today: date | None = None, scale: float | None = None) -> list[tuple[str, str, str]]:
    """Units and accounts, the 2021–2027 calendar (seeded and confirmed), the catalogue, the
    dossier history up to `today`, the filed 2024-Q4 reports, the reform plans and the reform
    index rounds — all or nothing, in one transaction."""
    return load_demo_with_history(today, scale)[0]


@transaction.atomic
def load_demo_with_history(
    today: date | None = None, scale: float | None = None
) -> tuple[list[tuple[str, str, str]], DemoHistory]:
    """`load_demo`, also returning what the dossier generator wrote."""
    logins = load_demo_units()
    administrator = User.objects.get(username="quantri")
    for year in CALENDAR_YEARS:
        seed_year(year)
        confirm_year(
            year, administrator, "Dữ liệu mẫu: theo thông báo nghỉ lễ, Tết hằng năm của Bộ Nội vụ"
        )
    load_demo_catalog()
    history = load_demo_dossiers(today=today, scale=demo_scale() if scale is None else scale)
    load_demo_reports()
    load_demo_plans(today=today)
    load_demo_scoring(today=today)
    load_demo_feedback(today=today)
    return logins, history
