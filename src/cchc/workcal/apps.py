from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "cchc.workcal"
    label = "workcal"
    verbose_name = "Lịch làm việc"
