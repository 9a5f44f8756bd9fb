"""Writes for speaker requests: an organiser asks Mott MacDonald to secure a pathfinder champion
representative to speak at their event (seed 000), programme staff answer, the asker may withdraw.

Each function is one transaction that saves the change, records it in the audit log and queues its email
through the outbox (sent after commit, once per key). Kept apart from `services.py`, which is about events
and registrations.
"""

import datetime
from dataclasses import dataclass, fields

from django.conf import settings
from django.db import transaction

from accounts.models import User
from audit.services import audit_changes, audit_record
from events.models import Event, SpeakerRequest
from notifications.services import email_queue
from programme.models import Theme
from regions.models import Champion

Status = SpeakerRequest.Status


class SpeakerRequestRefused(Exception):
    """The change cannot be made in the request's present state; the message says why, for people."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SpeakerRequestData:
    event_title: str
    date: datetime.date
    format: str
    location: str
    audience: str
    theme: Theme
    topic: str
    event: Event | None = None
    preferred_champion: Champion | None = None


def _lock(speaker_request: SpeakerRequest) -> SpeakerRequest:
    return (
        SpeakerRequest.objects.select_for_update(of=("self",))
        .select_related("requested_by", "champion", "local_authority", "theme", "preferred_champion")
        .get(pk=speaker_request.pk)
    )


@transaction.atomic
def speaker_request_create(*, by: User, data: SpeakerRequestData, now: datetime.datetime) -> SpeakerRequest:
    """Record the request for the asker's side (their champion, or their LA) and email the programme team.

    Champion staff may name one of their own champion's events; anyone else's is refused.
    """
    if not (by.is_champion_staff or by.is_la_officer):
        raise SpeakerRequestRefused("Only champion staff and local authority officers can ask for a speaker.")
    if data.event is not None and (not by.is_champion_staff or data.event.champion_id != by.champion_id):
        raise SpeakerRequestRefused("Choose one of your champion's events.")
    values = {field.name: getattr(data, field.name) for field in fields(data)}
    speaker_request = SpeakerRequest.objects.create(
        requested_by=by,
        champion=by.champion if by.is_champion_staff else None,
        local_authority=by.local_authority if by.is_la_officer else None,
        status=Status.REQUESTED,
        created_at=now,
        **values,
    )
    audit_record(action="speaker_request.created", obj=speaker_request, changes=audit_changes({}, values), at=now)
    _email_programme_team(speaker_request, template="speaker_request_made", now=now)
    return speaker_request


@transaction.atomic
def speaker_request_answer(
    *,
    speaker_request: SpeakerRequest,
    secured: bool,
    champion: Champion | None,
    speaker_name: str,
    answer: str,
    by: User,
    now: datetime.datetime,
) -> SpeakerRequest:
    """Answer a waiting request: secured (from `champion`, by `speaker_name`) or not possible (`answer` says
    why), and email the person who asked. Locks the request, so two answers cannot both be saved: the second
    is refused, as is answering a withdrawn request."""
    speaker_request = _lock(speaker_request)
    if speaker_request.status != Status.REQUESTED:
        if speaker_request.status == Status.WITHDRAWN:
            raise SpeakerRequestRefused("This request was withdrawn, so it needs no answer. Nothing changed.")
        raise SpeakerRequestRefused("This request has already been answered. Nothing changed.")
    if secured and champion is None:
        raise SpeakerRequestRefused("Say which champion the speaker is from.")
    names = ["status", "secured_champion", "speaker_name", "answer"]
    before = {name: getattr(speaker_request, name) for name in names}
    speaker_request.status = Status.SECURED if secured else Status.NOT_POSSIBLE
    speaker_request.secured_champion = champion if secured else None
    speaker_request.speaker_name = speaker_name if secured else ""
    speaker_request.answer = answer
    speaker_request.answered_by = by
    speaker_request.answered_at = now
    speaker_request.save(update_fields=[*names, "answered_by", "answered_at"])
    after = {name: getattr(speaker_request, name) for name in names}
    audit_record(action="speaker_request.answered", obj=speaker_request, changes=audit_changes(before, after), at=now)
    email_queue(
        key=f"speaker_request_answered:{speaker_request.pk}",
        to=speaker_request.requested_by.email,
        template="speaker_request_answered",
        context=_email_context(speaker_request),
        now=now,
        champion=speaker_request.champion,
    )
    return speaker_request


@transaction.atomic
def speaker_request_withdraw(*, speaker_request: SpeakerRequest, now: datetime.datetime) -> SpeakerRequest:
    """The asker no longer needs a speaker: withdraw a waiting or secured request and tell the programme team
    (who may have to tell a speaker). Withdrawing twice changes nothing; one answered as not possible is
    refused."""
    speaker_request = _lock(speaker_request)
    if speaker_request.status == Status.WITHDRAWN:
        return speaker_request
    if refusal := speaker_request.withdraw_refusal():
        raise SpeakerRequestRefused(refusal)
    before = speaker_request.status
    speaker_request.status = Status.WITHDRAWN
    speaker_request.withdrawn_at = now
    speaker_request.save(update_fields=["status", "withdrawn_at"])
    audit_record(
        action="speaker_request.withdrawn", obj=speaker_request, changes={"status": [before, "withdrawn"]}, at=now
    )
    _email_programme_team(speaker_request, template="speaker_request_withdrawn", now=now)
    return speaker_request


def _email_context(speaker_request: SpeakerRequest) -> dict:
    return {"speaker_request": speaker_request, "url": settings.SITE_URL + speaker_request.get_absolute_url()}


def _email_programme_team(speaker_request: SpeakerRequest, *, template: str, now: datetime.datetime) -> bool:
    """To Mott MacDonald's programme team (PROGRAMME_TEAM_EMAIL), once per request and template."""
    return email_queue(
        key=f"{template}:{speaker_request.pk}",
        to=settings.PROGRAMME_TEAM_EMAIL,
        template=template,
        context=_email_context(speaker_request),
        now=now,
    )
