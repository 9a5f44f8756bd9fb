"""Pages for a champion's own staff and programme staff: add, change, remove and order its named contacts.

Every page gets the champion (or contact) through `regions.views.access`: LA officers are refused the
pages (403, `role_required`); another champion's staff get a 403 too, as the contacts are public.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.models import Role
from accounts.permissions import role_required
from regions import services
from regions.forms import ChampionContactForm, ContactMoveForm
from regions.views.access import get_champion_for_editor, get_contact_for_editor

champion_side = role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
TEMPLATES = "regions"


def _your(request, champion) -> str:
    """ "your contacts" for the champion's staff, "Greater Manchester Group's contacts" for programme staff."""
    return "your" if request.user.champion_id == champion.pk else f"{champion.name}'s"


@require_safe
@champion_side
def champion_contact_list(request, slug: str):
    champion = get_champion_for_editor(request, slug)
    contacts = list(champion.contacts.all())
    context = {"champion": champion, "contacts": contacts, "your": _your(request, champion)}
    return render(request, f"{TEMPLATES}/champion_contact_list.html", context)


@champion_side
def champion_contact_add(request, slug: str):
    champion = get_champion_for_editor(request, slug)
    form = ChampionContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        contact = services.champion_contact_create(champion=champion, fields=form.contact_fields(), now=timezone.now())
        messages.success(request, f"{contact.name} is added to {_your(request, champion)} contacts.")
        return redirect("regions:champion_contact_list", champion.slug)
    context = {"champion": champion, "form": form}
    return render(request, f"{TEMPLATES}/champion_contact_form.html", context)


@champion_side
def champion_contact_edit(request, slug: str, pk: int):
    contact = get_contact_for_editor(request, slug, pk)
    form = ChampionContactForm(
        request.POST if request.method == "POST" else None, initial=ChampionContactForm.initial_for(contact)
    )
    if request.method == "POST" and form.is_valid():
        contact = services.champion_contact_update(contact=contact, fields=form.contact_fields(), now=timezone.now())
        messages.success(request, f"Your changes to {contact.name} are saved.")
        return redirect("regions:champion_contact_list", slug)
    context = {"champion": contact.champion, "contact": contact, "form": form}
    return render(request, f"{TEMPLATES}/champion_contact_form.html", context)


@champion_side
def champion_contact_remove(request, slug: str, pk: int):
    contact = get_contact_for_editor(request, slug, pk)
    your = _your(request, contact.champion)
    if request.method == "POST":
        services.champion_contact_remove(contact=contact, now=timezone.now())
        messages.success(request, f"{contact.name} is removed from {your} contacts.")
        return redirect("regions:champion_contact_list", slug)
    context = {"champion": contact.champion, "contact": contact, "your": your, "event_count": contact.events.count()}
    return render(request, f"{TEMPLATES}/champion_contact_remove.html", context)


@require_POST
@champion_side
def champion_contact_move(request, slug: str, pk: int):
    contact = get_contact_for_editor(request, slug, pk)
    form = ContactMoveForm(request.POST)
    up = form.is_valid() and form.cleaned_data["direction"] == "up"
    if form.is_valid() and services.champion_contact_move(contact=contact, up=up, now=timezone.now()):
        messages.success(request, f"{contact.name} is moved {'up' if up else 'down'}.")
    else:
        messages.info(request, f"{contact.name} cannot move that way. Nothing changed.")
    return redirect("regions:champion_contact_list", slug)
