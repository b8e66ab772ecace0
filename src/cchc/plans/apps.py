from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = "Kế hoạch và nhiệm vụ CCHC"

    def ready(self):
        from cchc.core import navigation, schedule
        from cchc.reporting import dashboard

        from .panels import overdue_notices, overdue_panel
        from .sources import register_all
        from .tasks import remind_tasks_due

        register_all()
        dashboard.register_panel(overdue_panel)
        navigation.register_notices(overdue_notices)
        # Mon–Sat: the task itself skips each unit's days off and keeps make-up Saturdays.
        schedule.register("plans.task-reminders", "0 7 * * 1-6", remind_tasks_due)
        navigation.register(
            "Kế hoạch CCHC",
            "plan-list",
            roles=("reform_officer", "unit_leader", "office_head", "administrator", "appraiser"),
            order=35,
        )
