from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "cchc.units"
    label = "units"
    verbose_name = "Đơn vị và người dùng"

    def ready(self):
        from cchc.core import importers, navigation

        from .imports import import_units

        importers.register("units", import_units)
        navigation.register("Trang chủ", "home", order=0)
        navigation.register("Đơn vị", "unit-tree", order=80)
        navigation.register("Quản trị", "admin:index", roles=("administrator",), order=99)
