from django.conf import settings


def portal(request):
    """The public portal's name (page titles and the public header)."""
    return {"portal_name": getattr(settings, "CCHC_PORTAL_NAME", "Cổng dịch vụ công")}
