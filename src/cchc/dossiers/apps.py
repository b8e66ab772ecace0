from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self):
        from cchc.core import importers, navigation

        from .imports import import_dossiers

        importers.register("dossiers", import_dossiers)
        navigation.register(
            "Hồ sơ",
            "dossier-queues",
            roles=("one_stop_officer", "specialist", "office_head", "unit_leader"),
            order=10,
        )
