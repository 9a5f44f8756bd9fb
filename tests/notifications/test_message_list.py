"""The page of emails that failed or are delayed, "send again", and the count on staff homes."""

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from regions.models import Champion
from tests.notifications.factories import make_message

URL = reverse("notifications:message_list")


@pytest.fixture
def messages(reference_data):
    gm, hartlepool = Champion.objects.get(slug="greater-manchester-group"), Champion.objects.get(slug="hartlepool")
    return {
        "failed": make_message(
            "failed", state="failed", last_error="SMTPRecipientsRefused: 550 Mailbox unavailable", champion=gm
        ),
        "delayed": make_message(
            "delayed", state="pending", attempts=3, last_error="ConnectionRefusedError", champion=gm
        ),
        "others": make_message("others", state="failed", champion=hartlepool),
        "sent": make_message("sent", state="sent", champion=gm),
        "waiting": make_message("waiting", state="pending", attempts=0, champion=gm),
    }


def _keys(response) -> list[str]:
    return [message.key for message in response.context["page"].object_list]


def test_it_shows_programme_staff_every_failed_and_delayed_email(signed_in, programme_staff, messages):
    response = signed_in(programme_staff).get(URL)
    assert response.status_code == 200
    assert sorted(_keys(response)) == ["delayed", "failed", "others"]
    html = response.content.decode()
    assert "550 Mailbox unavailable" in html and "3 attempts" in html
    assert html.count("Send again<span") == 2  # failed ones only


@pytest.mark.parametrize(
    ("query", "keys"),
    [({"show": "failed"}, ["failed", "others"]), ({"show": "delayed"}, ["delayed"]), ({"to": "OTHERS@"}, ["others"])],
)
def test_it_filters(signed_in, programme_staff, messages, query, keys):
    assert sorted(_keys(signed_in(programme_staff).get(URL, query))) == keys


def test_it_shows_the_error_summary_for_a_bad_filter(signed_in, programme_staff, messages):
    response = signed_in(programme_staff).get(URL, {"show": "everything"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Select which emails to show from the list" in html


def test_it_shows_champion_staff_only_their_own(signed_in, champion_staff, messages):
    assert sorted(_keys(signed_in(champion_staff).get(URL))) == ["delayed", "failed"]


@pytest.mark.parametrize("person", ["la_officer", "other_la_officer"])
def test_it_refuses_la_officers(signed_in, request, person, messages):
    assert signed_in(request.getfixturevalue(person)).get(URL).status_code == 403


def test_it_sends_a_failed_email_again_once(
    signed_in, champion_staff, messages, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("notifications:message_send_again", args=[messages["failed"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(url)
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["failed@example.com"]]
    row = OutboxMessage.objects.get(pk=messages["failed"].pk)
    assert (row.state, row.attempts) == ("sent", 2)
    assert signed_in(champion_staff).post(url).status_code == 403  # sent now: not again
    assert len(mailoutbox) == 1


def test_it_refuses_to_send_again_an_email_that_has_not_failed(signed_in, programme_staff, messages, mailoutbox):
    for key in ("sent", "delayed", "waiting"):
        before = OutboxMessage.objects.get(key=key)
        response = signed_in(programme_staff).post(reverse("notifications:message_send_again", args=[before.pk]))
        assert response.status_code == 403
        after = OutboxMessage.objects.get(key=key)
        assert (after.state, after.next_attempt_at) == (before.state, before.next_attempt_at)
    assert not mailoutbox


def test_it_lists_in_a_constant_number_of_queries(signed_in, programme_staff, messages, query_count):
    client = signed_in(programme_staff)
    few = query_count(lambda: client.get(URL))
    for i in range(60):
        make_message(f"more-{i}", state="failed", champion=Champion.objects.order_by("?").first())
    assert query_count(lambda: client.get(URL)) == few
    assert len(_keys(client.get(URL))) == 50  # one page
    assert len(_keys(client.get(URL, {"page": 2}))) == 13


def test_it_counts_them_on_staff_homes(signed_in, programme_staff, champion_staff, messages):
    home = reverse("accounts:home")
    assert "3 emails failed or delayed" in signed_in(programme_staff).get(home).content.decode()
    assert "2 emails failed or delayed" in signed_in(champion_staff).get(home).content.decode()
