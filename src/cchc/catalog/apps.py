from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cchc.catalog"
    label = "catalog"
    verbose_name = "Danh mục thủ tục hành chính"

    def ready(self):
        from cchc.core import importers, navigation

        from .imports import import_procedures

        importers.register("procedures", import_procedures)
        navigation.register("Thủ tục hành chính", "procedure-list", order=20)
        navigation.register(
            "Rà soát TTHC", "review-list", roles=("reform_officer", "administrator"), order=25
        )
