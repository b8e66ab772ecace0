from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        from cchc.core import navigation, schedule

        from .tasks import remind_reports_due

        # Mon–Sat: the task itself skips days off and keeps make-up Saturdays.
        schedule.register("reporting.due-reminders", "0 7 * * 1-6", remind_reports_due)

        navigation.register(
            "Báo cáo",
            "report-list",
            roles=("reform_officer", "unit_leader", "administrator", "appraiser"),
            order=40,
        )
        navigation.register(
            "Thống kê hồ sơ",
            "dossier-results",
            roles=("reform_officer", "unit_leader", "office_head", "administrator", "appraiser"),
            order=41,
        )
        navigation.register(
            "Bảng điều khiển",
            "dashboard",
            roles=("reform_officer", "unit_leader", "office_head", "administrator", "appraiser"),
            order=42,
        )
