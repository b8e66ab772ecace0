"""Load the whole demo data set through each app's own loader."""

from django.db import transaction

from cchc.catalog.demo import load_demo_catalog
from cchc.units.demo import load_demo_units
from cchc.units.models import Unit, User
from cchc.workcal.services import confirm_year, seed_year

CALENDAR_YEARS = range(2021, 2028)


def database_is_empty() -> bool:
    return not Unit.objects.exists()


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Units and accounts, the 2021–2027 calendar (seeded and confirmed), the catalogue."""
    logins = load_demo_units()
    administrator = User.objects.get(username="quantri")
    for year in CALENDAR_YEARS:
        seed_year(year)
        confirm_year(
            year, administrator, "Dữ liệu mẫu: theo thông báo nghỉ lễ, Tết hằng năm của Bộ Nội vụ"
        )
    load_demo_catalog()
    return logins
