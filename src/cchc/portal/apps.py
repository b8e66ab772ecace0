from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cchc.portal"
    label = "portal"
    verbose_name = "Cổng dịch vụ công"

    def ready(self):
        from cchc.dossiers import events

        from .notifications import on_dossier_event

        # Applicants who submitted through the portal are told what happens to their dossier.
        events.subscribe(on_dossier_event)
