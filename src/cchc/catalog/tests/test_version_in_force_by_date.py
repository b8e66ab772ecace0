"""A changed processing time applies to dossiers received after the change."""

from datetime import date

import pytest
import time_machine

from ..models import Procedure, ProcedureVersion
from ..queries import ProcedureFilters, search_procedures
from .factories import ProcedureFactory


@pytest.mark.django_db
def test_version_in_force_is_picked_by_the_day_received():
    """As the dossier desk, the due date of a dossier uses the time in force the day it was
    received: 3 days until 30/06/2021, 2 days from 01/07/2021."""
    procedure = ProcedureFactory(processing_time="3d", published_on=date(2020, 6, 29))
    ProcedureVersion.objects.create(
        procedure=procedure, effective_from=date(2021, 7, 1), processing_time="2d"
    )
    ProcedureVersion.objects.create(
        procedure=procedure, effective_from=date(2030, 1, 1), processing_time="1d"
    )
    assert procedure.processing_time_on(date(2020, 6, 29)) == "3d"
    assert procedure.processing_time_on(date(2021, 6, 30)) == "3d"
    assert procedure.processing_time_on(date(2021, 7, 1)) == "2d"
    assert procedure.processing_time_on(date(2029, 12, 31)) == "2d"
    assert procedure.processing_time_on(date(2030, 1, 1)) == "1d"
    assert procedure.version_on(date(2021, 7, 1)).effective_from == date(2021, 7, 1)
    # Before the first recorded version the first one applies: the catalogue knows nothing older.
    assert procedure.processing_time_on(date(2019, 1, 1)) == "3d"


@pytest.mark.django_db
def test_procedure_without_versions_has_no_processing_time():
    """As a developer, a procedure with no version answers None rather than guessing."""
    procedure = ProcedureFactory(processing_time=False)
    assert procedure.version_on(date(2024, 1, 1)) is None
    assert procedure.processing_time_on(date(2024, 1, 1)) is None


@pytest.mark.django_db
@time_machine.travel("2022-01-01 08:00 +0700")
def test_list_shows_the_time_in_force_today():
    """As a one-stop officer, the catalogue list shows today's processing time, not a future one."""
    procedure = ProcedureFactory(processing_time="3d", published_on=date(2020, 1, 1))
    ProcedureVersion.objects.create(
        procedure=procedure, effective_from=date(2021, 7, 1), processing_time="2d"
    )
    ProcedureVersion.objects.create(
        procedure=procedure, effective_from=date(2023, 1, 1), processing_time="1d"
    )
    listed = search_procedures(ProcedureFilters()).get(pk=procedure.pk)
    assert listed.processing_time == "2d"
    assert Procedure.objects.get(pk=procedure.pk).processing_time_on() == "2d"
