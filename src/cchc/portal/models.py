"""Records of the public portal.

`OnlineApplication` is the portal's side of a dossier submitted online: the reference the
applicant looks it up by before the desk gives it a code, how to notify the applicant, and
the one-time token of the form that created it (the same token posted again creates
nothing). The dossier itself, with the applicant's data, belongs to the dossiers app.
"""

from django.db import models

from cchc.dossiers.models import Dossier


class NotifyChannel(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"
    ZALO = "zalo", "Zalo"


class OnlineApplication(models.Model):
    dossier = models.OneToOneField(
        Dossier,
        verbose_name="hồ sơ",
        on_delete=models.PROTECT,
        related_name="online_application",
    )
    # Unguessable (services.new_reference: 60 random bits), typed by the applicant.
    reference = models.CharField("mã tra cứu", max_length=20, unique=True)
    token = models.CharField("mã phiên nộp hồ sơ", max_length=100, unique=True, editable=False)
    email = models.EmailField("thư điện tử liên hệ", blank=True)
    phone = models.CharField("số điện thoại liên hệ", max_length=40, blank=True)
    notify_channel = models.CharField(
        "nhận thông báo qua",
        max_length=10,
        choices=NotifyChannel.choices,
        default=NotifyChannel.EMAIL,
    )
    postal_address = models.CharField(
        "địa chỉ nhận kết quả qua bưu chính", max_length=500, blank=True
    )
    created_at = models.DateTimeField("nộp lúc", auto_now_add=True)

    class Meta:
        verbose_name = "hồ sơ nộp trực tuyến"
        verbose_name_plural = "hồ sơ nộp trực tuyến"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference
