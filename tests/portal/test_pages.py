"""The footer pages say what is true of this service."""


def test_it_states_the_configured_retention_in_the_privacy_notice(client, db):
    from django.conf import settings

    response = client.get("/privacy/")
    assert f"deleted {settings.EVENT_NEEDS_RETENTION_DAYS} days after the event" in response.content.decode()


def test_it_states_what_is_kept_of_registrations_in_the_privacy_notice(client, db):
    from django.conf import settings

    text = client.get("/privacy/").content.decode()
    assert f"deleted {settings.REGISTRATION_RETENTION_DAYS} days after the end of the programme year" in text
    assert "registrations and support day bookings: kept until 12 months after the programme ends" not in text
