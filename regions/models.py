from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse


class Region(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:region_detail", args=[self.slug])


class Pathfinder(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Champion(models.Model):
    """A pathfinder champion (Annex A): a group of member LAs that supports one region."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150, unique=True)
    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="champion")

    class Meta:
        ordering = ["region__position"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:champion_detail", args=[self.slug])

    @property
    def label(self) -> str:
        """ "Hartlepool (North East)": how a champion is named wherever one is chosen or listed with others."""
        return f"{self.name} ({self.region.name})"

    def assigned_local_authorities(self) -> "LocalAuthorityQuerySet":
        return LocalAuthority.objects.assigned_to(self)


class ChampionContact(models.Model):
    """A named person at a champion whom its LAs and the public can contact, kept by the champion's own staff.

    Shown in `order` (then the order they were added); the first is the one an event without a chosen
    contact names.
    """

    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    role = models.CharField("role or job title", max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.champion}"


class LocalAuthorityQuerySet(models.QuerySet):
    def non_pathfinder(self):
        return self.filter(pathfinder__isnull=True)

    def assigned_to(self, champion: Champion):
        """LAs this champion supports: its region's, unless overridden, plus any assigned to it."""
        return self.filter(
            Q(champion_override=champion) | Q(champion_override__isnull=True, region_id=champion.region_id)
        )

    def with_assigned_champion(self):
        return self.select_related("region__champion", "champion_override__region", "pathfinder")

    def count_by_assigned_champion(self) -> dict[int, int]:
        """{champion id: number of these LAs assigned to it}, in one query."""
        return dict(
            self.annotate(assigned_champion_id=Coalesce("champion_override_id", "region__champion__id"))
            .values_list("assigned_champion_id")
            .annotate(n=Count("id"))
            .values_list("assigned_champion_id", "n")
        )


class LocalAuthority(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="local_authorities")
    pathfinder = models.ForeignKey(
        Pathfinder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_authorities",
        help_text="Empty for a non-pathfinder local authority.",
    )
    member_of_champion = models.ForeignKey(
        Champion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_local_authorities",
        help_text="The champion this LA is one of the member LAs of (Annex A).",
    )
    champion_override = models.ForeignKey(
        Champion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_authorities_assigned_from_other_regions",
        help_text="Set when a champion from another region supports this LA.",
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:local_authority_detail", args=[self.slug])

    @property
    def is_pathfinder(self) -> bool:
        return self.pathfinder_id is not None

    @property
    def assigned_champion(self) -> Champion:
        return self.champion_override or self.region.champion

    @property
    def is_assigned_across_regions(self) -> bool:
        return self.champion_override_id is not None and self.champion_override.region_id != self.region_id


class AssignmentChange(models.Model):
    """A record of who moved an LA to another champion, and why."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="assignment_changes")
    from_champion = models.ForeignKey(Champion, on_delete=models.PROTECT, related_name="+")
    to_champion = models.ForeignKey(Champion, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.local_authority}: {self.from_champion} to {self.to_champion}"
