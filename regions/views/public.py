import datetime

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import DetailView, ListView

from accounts.permissions import programme_staff_required
from champions_portal.public_cache import Fragment
from programme.funding import programme_allocations
from programme.models import Programme
from regions.forms import AssignChampionForm
from regions.models import Champion, LocalAuthority, Pathfinder, Region
from regions.services import local_authority_assign_champion


class SharedPage:
    """A public page whose parts (`parts`: name to template) are the same for everyone, kept in the cache keyed
    by the page and its slug; `shared_values` adds what the page puts around them (its title). Anything that
    depends on who is signed in stays in `template_name`, from `per_visitor`. Built again after any change to
    the "regions" topic (regions/page_cache.py), or at `until`."""

    parts: dict[str, str] = {}

    def get(self, request, *args, **kwargs):
        fragment = Fragment(f"regions:{type(self).__name__}", topics=PAGE_TOPICS, key=kwargs.get("slug", ""))
        if (shared := fragment.get(timezone.now())) is None:
            response = super().get(request, *args, **kwargs)
            context = response.context_data
            shared = {name: render_to_string(template, context, request) for name, template in self.parts.items()}
            shared |= self.shared_values(context)
            fragment.set(shared, until=self.until())
            response.context_data |= {"shared": shared, **self.per_visitor(shared)}
            return response
        return render(request, self.template_name, {"shared": shared, **self.per_visitor(shared)})

    def shared_values(self, context) -> dict:
        return {}

    def per_visitor(self, shared) -> dict:
        return {}

    def until(self):
        return None


# Every page here shows regions, local authorities, champions, their contacts or the programme.
PAGE_TOPICS = ("regions",)


class RegionListView(SharedPage, ListView):
    template_name = "regions/region_list.html"
    parts = {"content": "regions/_region_list.html"}
    queryset = Region.objects.select_related("champion").annotate(
        la_count=Count("local_authorities"),
        pathfinder_la_count=Count("local_authorities", filter=Q(local_authorities__pathfinder__isnull=False)),
        non_pathfinder_la_count=Count("local_authorities", filter=Q(local_authorities__pathfinder__isnull=True)),
    )


class RegionDetailView(SharedPage, DetailView):
    template_name = "regions/region_detail.html"
    parts = {"content": "regions/_region_detail.html"}

    def shared_values(self, context) -> dict:
        return {"title": context["region"].name}

    queryset = Region.objects.select_related("champion")

    def get_context_data(self, **kwargs):
        las = list(self.object.local_authorities.with_assigned_champion())
        return super().get_context_data(
            local_authorities=las,
            pathfinder_count=sum(la.is_pathfinder for la in las),
            supported_from_elsewhere=self.object.champion.assigned_local_authorities()
            .exclude(region=self.object)
            .select_related("region", "pathfinder"),
            **kwargs,
        )


class ChampionListView(SharedPage, ListView):
    template_name = "regions/champion_list.html"
    parts = {"content": "regions/_champion_list.html"}
    queryset = Champion.objects.select_related("region").prefetch_related(
        Prefetch("member_local_authorities", queryset=LocalAuthority.objects.select_related("pathfinder"))
    )

    def get_context_data(self, **kwargs):
        counts = LocalAuthority.objects.non_pathfinder().count_by_assigned_champion()
        for champion in self.object_list:
            champion.assigned_non_pathfinder_count = counts.get(champion.pk, 0)
        return super().get_context_data(**kwargs)


class ChampionDetailView(SharedPage, DetailView):
    template_name = "regions/champion_detail.html"
    queryset = Champion.objects.select_related("region").prefetch_related("contacts")
    parts = {
        "summary": "regions/_champion_summary.html",
        "contacts": "regions/includes/champion_contacts.html",
        "tables": "regions/_champion_tables.html",
    }

    def shared_values(self, context) -> dict:
        return {"title": context["champion"].name, "slug": context["champion"].slug, "pk": context["champion"].pk}

    def per_visitor(self, shared) -> dict:
        user = self.request.user
        return {"can_keep_contacts": user.is_authenticated and user.may_act_for_champion(shared["pk"])}

    def until(self):
        # The programme shown (its funding allocation) is the one current today.
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))

    def get_context_data(self, **kwargs):
        champion = self.object
        assigned = list(
            champion.assigned_local_authorities().with_assigned_champion().order_by("region__position", "name")
        )
        programme = Programme.objects.current(timezone.localdate())
        allocation = None
        if programme:
            allocation = next(a for a in programme_allocations(programme) if a.key == champion)
        return super().get_context_data(
            members=champion.member_local_authorities.select_related("pathfinder"),
            assigned_non_pathfinder=[la for la in assigned if not la.is_pathfinder],
            assigned_pathfinder_count=sum(la.is_pathfinder for la in assigned),
            programme=programme,
            allocation=allocation,
            **kwargs,
        )


class PathfinderListView(ListView):
    template_name = "regions/pathfinder_list.html"
    queryset = Pathfinder.objects.prefetch_related(
        Prefetch(
            "local_authorities",
            queryset=LocalAuthority.objects.select_related("region", "member_of_champion"),
        )
    )

    def get_context_data(self, **kwargs):
        la_count = sum(len(pathfinder.local_authorities.all()) for pathfinder in self.object_list)
        return super().get_context_data(la_count=la_count, **kwargs)


class LocalAuthorityDetailView(DetailView):
    template_name = "regions/local_authority_detail.html"
    queryset = LocalAuthority.objects.with_assigned_champion().select_related("member_of_champion")

    def get_context_data(self, **kwargs):
        # Who moved the LA and why is for programme staff; everyone may see the current champion.
        changes = None
        if getattr(self.request.user, "is_programme_staff", False):
            changes = self.object.assignment_changes.select_related("from_champion", "to_champion", "changed_by")
        return super().get_context_data(assignment_changes=changes, **kwargs)


@programme_staff_required
def local_authority_assign(request, slug: str):
    local_authority = get_object_or_404(LocalAuthority.objects.with_assigned_champion(), slug=slug)
    form = AssignChampionForm(
        request.POST if request.method == "POST" else None, initial={"champion": local_authority.assigned_champion}
    )
    if request.method == "POST" and form.is_valid():
        change = local_authority_assign_champion(
            local_authority=local_authority,
            champion=form.cleaned_data["champion"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            now=timezone.now(),
        )
        if change:
            messages.success(request, f"{local_authority.name} is now supported by {change.to_champion.name}.")
        else:
            messages.info(request, f"{local_authority.name} was already supported by that champion. Nothing changed.")
        return redirect(local_authority)
    return render(request, "regions/local_authority_assign.html", {"local_authority": local_authority, "form": form})
