"""Invented people: the sample accounts that act in the sample year, and the people who register for events.

Every address ends in `example.invalid` (a name that can never receive email). The sample accounts are
inactive with no usable password: nobody can sign in as them, and the services email nobody through them.
"""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from events.models import PartnerType
from regions.models import Champion, LocalAuthority
from sample_data.plan import Plan, at

DOMAIN = "example.invalid"

FIRST_NAMES = """Aisha Alex Amir Amy Ben Bethan Callum Chloe Daniel Deepa Ellie Emma Farah Fiona George Grace Hannah
Harry Imran Isla Jack Jade James Jasmine Joe Kate Kieran Laura Leon Lucy Mark Maya Megan Mohammed Naomi Nathan Nina
Oliver Olivia Owen Priya Rachel Rhys Rosie Ryan Sam Sarah Sean Sophie Tom Usha Victoria Will Yasmin Zara""".split()  # noqa: SIM905
LAST_NAMES = """Ahmed Bailey Baker Begum Bennett Brown Campbell Carter Chapman Clarke Collins Cooper Davies Edwards
Evans Fisher Fletcher Green Hall Harris Hughes Hussain Jackson James Johnson Jones Khan Kelly King Lee Lewis
Marshall Martin Mason Mitchell Moore Morgan Murphy Owen Parker Patel Phillips Price Roberts Robinson Shah
Smith Taylor Thomas Turner Walker Ward Watson White Williams Wilson Wood Wright Young""".split()  # noqa: SIM905

# How often each kind of partner registers for a regional event (relative weights).
PARTNER_WEIGHTS = {
    PartnerType.LA_EDUCATION: 18,
    PartnerType.SCHOOL: 14,
    PartnerType.PARENT_OR_CARER: 11,
    PartnerType.PARENT_CARER_FORUM: 9,
    PartnerType.HEALTH: 10,
    PartnerType.CHILDRENS_SOCIAL_CARE: 8,
    PartnerType.POST_16: 7,
    PartnerType.EARLY_YEARS: 6,
    PartnerType.VCS: 6,
    PartnerType.ADULT_SOCIAL_CARE: 4,
    PartnerType.YOUNG_PERSON: 3,
    PartnerType.OTHER: 2,
}

SCHOOLS = [
    "Oakfield Primary School",
    "St Mary's Primary School",
    "Riverside Academy",
    "Hillcrest Special School",
    "Park View School",
    "Meadowbank Primary School",
    "The Grange Academy",
    "Brookside Special School",
]
COLLEGES = ["{la} College", "{la} Sixth Form College", "Northgate College", "{la} Adult and Community Learning"]
HEALTH = [
    "{la} Clinical Commissioning Group",
    "{la} Community Health Services",
    "{la} Hospitals NHS Trust",
    "Child development centre, {la}",
]
VCS = [
    "Contact a Family",
    "Mencap, {la}",
    "{la} Carers Centre",
    "National Autistic Society, {la} branch",
    "Barnardo's, {la}",
]
EARLY_YEARS = ["Little Acorns Nursery", "{la} Children's Centre", "Sunflower Day Nursery", "{la} Portage Service"]
OTHER = ["Independent consultant", "University of {la}", "Ofsted"]
ACCESS_NEEDS = [
    "Step-free access, please",
    "A hearing loop",
    "Papers in large print",
    "A BSL interpreter",
    "A quiet room to take breaks",
]
DIETARY_NEEDS = ["Vegetarian", "Vegan", "Gluten free", "Halal", "No nuts"]


def full_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


@dataclass(frozen=True)
class Registrant:
    name: str
    email: str
    organisation: str
    partner_type: str
    local_authority: LocalAuthority | None


def _organisation(partner_type: str, la: LocalAuthority, rng: random.Random) -> str:
    name = la.name
    choices = {
        PartnerType.LA_EDUCATION: [f"{name} Council, SEN team", f"{name} Council, education"],
        PartnerType.CHILDRENS_SOCIAL_CARE: [f"{name} Council, children's social care"],
        PartnerType.ADULT_SOCIAL_CARE: [f"{name} Council, adult social care"],
        PartnerType.PARENT_CARER_FORUM: [f"{name} Parent Carer Forum"],
        PartnerType.PARENT_OR_CARER: ["Parent", "Parent carer"],
        PartnerType.YOUNG_PERSON: [f"{name} Youth Council", "Young people's advisory group"],
        PartnerType.SCHOOL: [f"{school}, {name}" for school in SCHOOLS],
        PartnerType.POST_16: COLLEGES,
        PartnerType.HEALTH: HEALTH,
        PartnerType.VCS: VCS,
        PartnerType.EARLY_YEARS: EARLY_YEARS,
        PartnerType.OTHER: OTHER,
    }[partner_type]
    return rng.choice(choices).format(la=name)


def registrants(plan: Plan, champion: Champion, n: int) -> list[Registrant]:
    """`n` different people from the champion's region (a few from elsewhere), partners of every kind."""
    rng = plan.rng
    home = [la for la in plan.local_authorities if la.region_id == champion.region_id]
    types, weights = list(PARTNER_WEIGHTS), list(PARTNER_WEIGHTS.values())
    people, taken = [], set()
    while len(people) < n:
        name = full_name(rng)
        email = f"{name.lower().replace(' ', '.').replace(chr(39), '')}.{len(people) + 1}@{DOMAIN}"
        if name in taken:
            continue
        taken.add(name)
        partner_type = rng.choices(types, weights)[0]
        la = rng.choice(home if rng.random() < 0.95 else plan.local_authorities)
        organisation = _organisation(partner_type, la, rng)
        people.append(Registrant(name, email, organisation, partner_type, None if partner_type == "other" else la))
    return people


def sample_accounts_create(plan: Plan) -> list[User]:
    """The sample's programme officer, one member of staff per champion, and one officer per LA: inactive
    accounts with no usable password, named as invented people, that the sample's actions are recorded against."""
    rng, password = plan.rng, make_password(None)
    users = [
        User(
            email=f"sample.programme.officer@{DOMAIN}",
            full_name=f"{full_name(rng)} (sample programme officer)",
            role=Role.PROGRAMME_STAFF,
        )
    ]
    users += [
        User(
            email=f"sample.staff.{champion.slug}@{DOMAIN}",
            full_name=f"{full_name(rng)} (sample, {champion.name})",
            role=Role.CHAMPION_STAFF,
            champion=champion,
        )
        for champion in plan.champions
    ]
    users += [
        User(
            email=f"sample.officer.{la.slug}@{DOMAIN}",
            full_name=f"{full_name(rng)} (sample, {la.name})",
            role=Role.LA_OFFICER,
            local_authority=la,
        )
        for la in plan.local_authorities
    ]
    for user in users:
        user.password, user.is_active, user.date_joined = password, False, at(plan.programme.starts_on, 9)
    users = User.objects.bulk_create(users)
    plan.programme_officer = users[0]
    plan.champion_staff = {user.champion_id: user for user in users if user.role == Role.CHAMPION_STAFF}
    plan.officers = {user.local_authority_id: user for user in users if user.role == Role.LA_OFFICER}
    return users
