from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        from cchc.core import navigation

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
