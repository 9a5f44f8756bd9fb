"""What load_sample_activity refuses: production, a database with activity of its own, an as-at date outside
the programme year. (Apart from test_load_sample_activity.py, whose module keeps the sample loaded throughout.)"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from sample_data.models import SampleLoad
from support_days.models import SupportDayOffer

AS_AT = datetime.datetime(2014, 1, 14, 12, tzinfo=datetime.UTC)


def test_it_refuses_a_database_with_activity_of_its_own(reference_data, champion_staff):
    SupportDayOffer.objects.create(
        champion=champion_staff.champion,
        date=datetime.date(2013, 9, 10),
        format="online",
        created_by=champion_staff,
        created_at=AS_AT,
    )
    with pytest.raises(CommandError, match="activity of its own"):
        call_command("load_sample_activity", scale=0.1, stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_sample_activity", scale=0.1, if_empty=True, stdout=out)
    assert "Sample activity not loaded: This database has activity of its own" in out.getvalue()
    assert not Event.objects.exists() and not SampleLoad.objects.exists()


@pytest.mark.parametrize("command", ["load_sample_activity", "remove_sample_activity"])
def test_it_refuses_to_run_in_production(reference_data, settings, command):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="development only"):
        call_command(command, stdout=io.StringIO())
    assert not Event.objects.exists() and not SampleLoad.objects.exists()


def test_it_refuses_an_as_at_date_outside_the_programme_year(reference_data):
    with pytest.raises(CommandError, match="within a programme year"):
        call_command("load_sample_activity", as_at=datetime.date(2015, 1, 14), stdout=io.StringIO())
    assert not Event.objects.exists()
