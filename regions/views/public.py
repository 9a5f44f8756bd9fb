from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import DetailView, ListView

from accounts.permissions import programme_staff_required
from programme.funding import programme_allocations
from programme.models import Programme
from regions.forms import AssignChampionForm
from regions.models import Champion, LocalAuthority, Pathfinder, Region
from regions.services import local_authority_assign_champion


class RegionListView(ListView):
    template_name = "regions/region_list.html"
    queryset = Region.objects.select_related("champion").annotate(
        la_count=Count("local_authorities"),
        pathfinder_la_count=Count("local_authorities", filter=Q(local_authorities__pathfinder__isnull=False)),
        non_pathfinder_la_count=Count("local_authorities", filter=Q(local_authorities__pathfinder__isnull=True)),
    )


class RegionDetailView(DetailView):
    template_name = "regions/region_detail.html"
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


class ChampionListView(ListView):
    template_name = "regions/champion_list.html"
    queryset = Champion.objects.select_related("region").prefetch_related(
        Prefetch("member_local_authorities", queryset=LocalAuthority.objects.select_related("pathfinder"))
    )

    def get_context_data(self, **kwargs):
        counts = LocalAuthority.objects.non_pathfinder().count_by_assigned_champion()
        for champion in self.object_list:
            champion.assigned_non_pathfinder_count = counts.get(champion.pk, 0)
        return super().get_context_data(**kwargs)


class ChampionDetailView(DetailView):
    template_name = "regions/champion_detail.html"
    queryset = Champion.objects.select_related("region").prefetch_related("contacts")

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
            can_keep_contacts=self.request.user.is_authenticated
            and self.request.user.may_act_for_champion(champion.pk),
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
