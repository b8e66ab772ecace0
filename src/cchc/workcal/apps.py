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

        from cchc.core import schedule

        from .tasks import remind_unconfirmed_calendar

        # Mon–Sat: the task itself skips days off and keeps make-up Saturdays.
        schedule.register("workcal.calendar-reminder", "0 7 * * 1-6", remind_unconfirmed_calendar)
