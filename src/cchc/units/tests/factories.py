"""Factories for units, offices, staff and role grants, used by every app's tests."""

import factory

from cchc.units.models import Office, OfficeKind, Role, RoleGrant, Unit, UnitKind, User

PASSWORD = "test-pass-123"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"Phòng {n}")
    kind = OfficeKind.SPECIALIST


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Công chức {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff_with_role(
    role: str = Role.REFORM_OFFICER, unit: Unit | None = None, **user_fields
) -> User:
    """A user holding `role` in `unit` (a new commune when none is given)."""
    user = UserFactory(**user_fields)
    RoleGrant.objects.create(user=user, unit=unit or UnitFactory(), role=role)
    return user
