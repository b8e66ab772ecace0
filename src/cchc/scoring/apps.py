from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "cchc.scoring"
    label = "scoring"
    verbose_name = "Chỉ số cải cách hành chính"

    def ready(self):
        from cchc.core import navigation

        from .notices import index_notices

        navigation.register(
            "Chỉ số CCHC",
            "round-list",
            roles=("reform_officer", "unit_leader", "administrator", "appraiser"),
            order=45,
        )
        navigation.register(
            "Thi đua CCHC",
            "movement-list",
            roles=("reform_officer", "unit_leader", "administrator", "appraiser"),
            order=46,
        )
        navigation.register(
            "Chỉ số 766",
            "service-index",
            roles=("reform_officer", "unit_leader", "administrator", "appraiser"),
            order=47,
        )
        navigation.register_notices(index_notices)
