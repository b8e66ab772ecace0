from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from cchc.core.views import health
from cchc.units import views as unit_views

urlpatterns = [
    path("", unit_views.home, name="home"),
    path("suc-khoe/", health, name="health"),
    path("thong-bao/da-doc/", unit_views.notifications_read, name="notifications-read"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("don-vi/", include("cchc.units.urls")),
    path("lich-lam-viec/", include("cchc.workcal.urls")),
    path("thu-tuc/", include("cchc.catalog.urls")),
    path("ho-so/", include("cchc.dossiers.urls")),
    path("bao-cao/", include("cchc.reporting.urls")),
    path("ke-hoach/", include("cchc.plans.urls")),
    path("chi-so-cchc/", include("cchc.scoring.urls")),
    path("y-kien/", include("cchc.feedback.urls")),
    # The public portal: no login needed.
    path("dvc/", include("cchc.portal.urls")),
    path("dvc/y-kien/", include("cchc.feedback.public_urls")),
    path("dvc/chi-so-766/", include("cchc.scoring.public_urls")),
    path("api/", include("cchc.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("quan-tri/", admin.site.urls),
]
