from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "cchc.workcal"
    label = "workcal"
    verbose_name = "Lịch làm việc"

    def ready(self):
        from cchc.core import navigation

        from .queries import calendar_notices

        navigation.register("Lịch làm việc", "calendar-year", roles=("administrator",), order=70)
        navigation.register_notices(calendar_notices)
