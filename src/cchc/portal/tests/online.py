"""Shared test data of the portal's lookup, online submission and notifications.

Fixtures (import `online_world` and `public_setup` into a test module): `online` — the dossiers tests' small world (a
commune with its one-stop desk, a sibling commune without a desk, officers) with its birth
registration procedure offered online and a components list of two mandatory papers and one
optional; `public` — a clean cache (rate limits), an empty message log and uploads under a
temporary MEDIA_ROOT.
"""

import io
import re
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.catalog.models import OnlineMode, RequiredComponent
from cchc.core.messaging import LoggingBackend
from cchc.dossiers import services
from cchc.dossiers.tests.factories import COMPONENTS, T0, applicant, build_world, later, local
from cchc.workcal import services as workcal


@pytest.fixture(name="public")
def public_setup(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.CCHC_PUBLIC_URL = "https://dichvucong.example.vn"
    cache.clear()
    LoggingBackend.sent.clear()
    workcal.reset_cache()
    yield settings
    cache.clear()
    workcal.reset_cache()


@pytest.fixture(name="online")
def online_world(public, db):
    """The small world, its procedure "Đăng ký khai sinh" offered fully online."""
    workcal.seed_year(2026)
    w = build_world()
    w.procedure.name = "Đăng ký khai sinh"
    w.procedure.online_mode = OnlineMode.FULL
    w.procedure.save()
    version = w.procedure.versions.get()
    w.components = [
        RequiredComponent.objects.create(
            version=version, order=1, name="Tờ khai đăng ký khai sinh", mandatory=True
        ),
        RequiredComponent.objects.create(
            version=version, order=2, name="Giấy chứng sinh", form="copy", mandatory=True
        ),
        RequiredComponent.objects.create(
            version=version, order=3, name="Giấy tờ tùy thân của người đi đăng ký", mandatory=False
        ),
    ]
    return w


# -- browser -----------------------------------------------------------------------------------

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def window(browser, size):
    """A Vietnamese browser window at a `VIEWPORTS` size: (context, page)."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=VIEWPORTS[size]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def fits_the_screen(page) -> bool:
    """No horizontal scrolling of the page itself."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


# -- files ------------------------------------------------------------------------------------


def pdf(name="to-khai.pdf", size=None) -> SimpleUploadedFile:
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, "application/pdf")


def png(name="giay-chung-sinh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")


def docx(name="to-khai.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


# -- dossiers and forms -----------------------------------------------------------------------

PERSON = {
    "ho_ten": "Nguyễn Thị Lan",
    "so_dinh_danh": "084190001234",
    "dien_thoai": "0901234567",
    "dia_chi": "Ấp Chợ, xã Phước Hưng",
    "email": "lan@example.vn",
}


def form_data(w, token: str, **overrides) -> dict:
    """A complete application: the two mandatory papers, e-mail notification, online return."""
    data = {
        "token": token,
        "don_vi": str(w.commune.pk),
        **PERSON,
        "thong_bao_qua": "email",
        "nhan_ket_qua": "online",
        "dia_chi_nhan": "",
        "noi_dung": "",
        f"tp_{w.components[0].pk}": pdf(),
        f"tp_{w.components[1].pk}": png(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def token_of(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def lan_applies(w, notify_channel="email", email="lan@example.vn", at=T0):
    """Nguyễn Thị Lan's online application with the two mandatory papers (portal services)."""
    from ..services import Submission, new_token, submit_application

    submission = Submission(
        w.commune,
        "Nguyễn Thị Lan",
        "084190001234",
        "0901234567",
        "Ấp Chợ, xã Phước Hưng",
        email=email,
        notify_channel=notify_channel,
    )
    files = {w.components[0].pk: pdf(), w.components[1].pk: png()}
    application, _ = submit_application(w.procedure, submission, files, new_token(), at=at)
    return application


def accepted(w, at=T0, **person):
    """A dossier accepted at the desk (status 2) for `person` (applicant() fields)."""
    return services.accept_at_desk(
        w.desk, w.commune, w.procedure, applicant(**person), COMPONENTS, received_at=at
    )


__all__ = ["T0", "later", "local"]
