"""Test data builders for the catalogue."""

import csv
from datetime import date

import factory

from cchc.units.models import Role, RoleGrant, Unit, UnitKind, User

from ..models import (
    Level,
    OnlineMode,
    Procedure,
    ProcedureVersion,
    RequiredComponent,
    RequiredForm,
    Review,
    ReviewKind,
    Sector,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"UBND xã Thử nghiệm {n}")
    kind = UnitKind.COMMUNE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.django.Password("mat-khau-thu-nghiem")


def user_with_role(role: str = Role.REFORM_OFFICER, unit: Unit | None = None, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleGrant.objects.create(user=user, unit=unit or UnitFactory(), role=role)
    return user


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LV{n:02d}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    """A procedure with one version (`processing_time`, from `effective_from`)."""

    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"TT.{n:04d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    sector = factory.SubFactory(SectorFactory)
    level = Level.COMMUNE
    online_mode = OnlineMode.PARTIAL
    published_on = date(2020, 1, 1)

    @factory.post_generation
    def processing_time(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ProcedureVersion.objects.create(
                procedure=self,
                effective_from=kwargs.get("effective_from", self.published_on or date(2020, 1, 1)),
                processing_time=extracted or "3d",
            )


BIRTH_COMPONENTS = [
    # (name, form, sets, mandatory)
    ("Tờ khai đăng ký khai sinh theo mẫu", RequiredForm.ORIGINAL, 1, True),
    ("Giấy chứng sinh (bản chính)", RequiredForm.ORIGINAL, 1, True),
    ("Giấy chứng nhận kết hôn của cha, mẹ trẻ", RequiredForm.EITHER, 2, False),
]


def add_components(version: ProcedureVersion, rows=BIRTH_COMPONENTS) -> list[RequiredComponent]:
    """Give `version` a components list: (name, form, sets, mandatory) in order."""
    return [
        RequiredComponent.objects.create(
            version=version, order=order, name=name, form=form, sets=sets, mandatory=mandatory
        )
        for order, (name, form, sets, mandatory) in enumerate(rows, start=1)
    ]


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    procedure = factory.SubFactory(ProcedureFactory)
    year = 2021
    kind = ReviewKind.CUT_TIME
    plan_ref = "Kế hoạch số 07/KH-UBND ngày 22/01/2021"
    old_processing_time = "3d"
    new_processing_time = "2d"
    proposed_on = date(2021, 1, 22)


PROCEDURE_COLUMNS = [
    "code",
    "name",
    "sector_code",
    "sector_name",
    "level",
    "processing_time",
    "online_mode",
    "legacy_online_level",
    "postal",
    "inter_agency",
    "fee",
    "internal",
    "decision_ref",
    "published_on",
]


def procedure_row(**overrides) -> dict:
    """One row of the procedures file (formats.md); a valid "Đăng ký khai sinh" by default."""
    base = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "sector_code": "HOTICH",
        "sector_name": "Hộ tịch",
        "level": "commune",
        "processing_time": "0d@15:00",
        "online_mode": "full",
        "legacy_online_level": "4",
        "postal": "1",
        "inter_agency": "none",
        "fee": "",
        "internal": "0",
        "decision_ref": "1517/QĐ-UBND",
        "published_on": "2020-06-29",
    }
    base.update(overrides)
    return base


def write_procedures_csv(path, rows: list[dict]):
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.DictWriter(f, fieldnames=PROCEDURE_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in PROCEDURE_COLUMNS})
    return path
