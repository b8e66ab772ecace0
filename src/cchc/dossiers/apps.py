from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self):
        from cchc.core import importers, navigation

        from .imports import import_dossiers

        importers.register("dossiers", import_dossiers)

        from cchc.core import schedule

        from .tasks import remind_due_and_overdue

        # Mon–Sat: the task itself skips days off and keeps make-up Saturdays.
        schedule.register("dossiers.due-reminders", "30 7 * * 1-6", remind_due_and_overdue)
        navigation.register(
            "Hồ sơ",
            "dossier-queues",
            roles=("one_stop_officer", "specialist", "office_head", "unit_leader"),
            order=10,
        )
        navigation.register(
            "Tiếp nhận hồ sơ", "dossier-intake", roles=("one_stop_officer",), order=9
        )
        navigation.register(
            "Sổ theo dõi hồ sơ",
            "dossier-register",
            roles=("one_stop_officer", "office_head", "unit_leader"),
            order=11,
        )
