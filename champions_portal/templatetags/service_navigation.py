"""The Service navigation's items for whoever is signed in, or for a visitor: at most seven per role, Home first;
everything else is linked from the home page. Used by templates/includes/service_navigation.html:

    {% load service_navigation %}{% service_navigation_items request as items %}

Each item's own page is marked aria-current="page", and any other page of its section aria-current="true", as
GOV.UK Frontend's Service navigation does. (Written here rather than as one {% include %} per item, which
rendered seven templates on every page.)
"""

from dataclasses import dataclass

from django import template
from django.urls import reverse

register = template.Library()


@dataclass(frozen=True)
class Item:
    text: str
    url_name: str  # "namespace:name"
    # Substrings of the URL names of the other pages, in the same namespace, that belong to this item.
    sections: tuple[str, ...] = ()

    def current(self, match) -> str:
        """aria-current: "page" on the item's own page, "true" elsewhere in its section, "" otherwise."""
        namespace, name = self.url_name.split(":")
        if match is None or match.namespace != namespace:
            return ""
        if match.url_name == name:
            return "page"
        return "true" if any(section in (match.url_name or "") for section in self.sections) else ""


HOME = Item("Home", "accounts:home")
LA_OFFICER = (
    HOME,
    Item("Support days", "support_days:support_day_list", ("support_day_", "offer_choose")),
    Item("Self-evaluation", "self_evaluation:return_list", ("return_", "rating_history")),
    Item("Events", "events:event_list", ("event_detail", "registration_")),
    Item("Good practice", "case_studies:library", ("case_study_detail",)),
)
_STAFF = (
    HOME,
    Item("Programme", "programme:programme_current", ("programme_", "tracker")),
    Item("Events", "events:event_manage_list", ("event_", "registration_")),
    Item("Case studies", "case_studies:case_study_list", ("case_study_", "review")),
)
CHAMPION_STAFF = (
    *_STAFF,
    Item("Support days", "support_days:patch", ("offer", "support_day_")),
    Item("Readiness", "self_evaluation:readiness", ("return_detail",)),
)
PROGRAMME_STAFF = (
    *_STAFF,
    Item("Support days", "support_days:coverage", ("support_day_", "offer")),
    Item("Self-evaluation", "self_evaluation:window_list", ("window_", "report_")),
)
VISITOR = (
    Item("Regions", "regions:region_list", ("region_", "local_authority_")),
    Item("Champions", "regions:champion_list", ("champion_",)),
    Item("Pathfinders", "regions:pathfinder_list", ("pathfinder_",)),
    Item("Programme", "programme:programme_current", ("programme_",)),
    Item("Events", "events:event_list", ("event_detail", "registration_")),
    Item("Good practice", "case_studies:library", ("case_study_detail",)),
    Item("Sign in", "accounts:login"),
)


def items_for(user) -> tuple[Item, ...]:
    if user is None or not user.is_authenticated:
        return VISITOR
    if user.is_la_officer:
        return LA_OFFICER
    return CHAMPION_STAFF if user.is_champion_staff else PROGRAMME_STAFF


@register.simple_tag
def service_navigation_items(request) -> list[dict]:
    """[{"text", "href", "current"}] for the navigation of this request's person and page."""
    # A request refused before the authentication middleware (a malformed address's 404) has no user.
    match, user = getattr(request, "resolver_match", None), getattr(request, "user", None)
    return [
        {"text": item.text, "href": reverse(item.url_name), "current": item.current(match)} for item in items_for(user)
    ]
