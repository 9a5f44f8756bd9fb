from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from regions.models import Champion, ChampionContact


def get_champion_for_editor(request, slug: str) -> Champion:
    """The champion, for its own staff and programme staff; a 403 for anyone else.

    A champion and its contacts are public, so refusing with a 404 would hide nothing: someone who may
    see them but not change them gets a 403 (DEVELOPERS.md, "Refusals: 403 or 404").
    """
    champion = get_object_or_404(Champion.objects.select_related("region"), slug=slug)
    if not request.user.may_act_for_champion(champion.pk):
        raise PermissionDenied
    return champion


def get_contact_for_editor(request, slug: str, pk: int) -> ChampionContact:
    """One of the champion's contacts, after `get_champion_for_editor`; a 404 for a contact it does not have."""
    champion = get_champion_for_editor(request, slug)
    contact = get_object_or_404(ChampionContact, pk=pk, champion=champion)
    contact.champion = champion
    return contact
