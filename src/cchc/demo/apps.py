from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set: sits at the edge, above every other app, and only calls their loaders."""

    name = "cchc.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
