from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role, User
from regions.models import Champion, ChampionContact, LocalAuthority

DEMO_PASSWORD = "demo-password-2013"


class Command(BaseCommand):
    help = "Create a demo account per role and a pathfinder LA officer (development only); print them. Re-runnable."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo accounts are for development only.")
        try:
            champion = Champion.objects.get(slug="greater-manchester-group")
            local_authority = LocalAuthority.objects.get(slug="bolton")
            pathfinder_la = LocalAuthority.objects.get(slug="trafford")
        except (Champion.DoesNotExist, LocalAuthority.DoesNotExist):
            raise CommandError("Run `python manage.py load_programme` first.") from None
        accounts = [
            ("programme.staff@example.com", "Pat Programme", Role.PROGRAMME_STAFF, None, None),
            ("champion.staff@example.com", "Chris Champion", Role.CHAMPION_STAFF, champion, None),
            ("la.officer@example.com", "Lee Officer", Role.LA_OFFICER, None, local_authority),
            # A pathfinder LA's officer also returns development costs in the self-evaluation.
            ("pathfinder.officer@example.com", "Tess Officer", Role.LA_OFFICER, None, pathfinder_la),
        ]
        self.stdout.write(f"Demo accounts (password for each: {DEMO_PASSWORD}):")
        for email, name, role, champ, la in accounts:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, full_name=name, role=role, champion=champ, local_authority=la
                )
            where = f" of {user.champion or user.local_authority}" if (user.champion or user.local_authority) else ""
            self.stdout.write(f"  {user.get_role_display():<24} {email}{where}")
        # An invented contact, so the champion's page, its LAs' pages and event emails show one. Never a real person.
        ChampionContact.objects.get_or_create(
            champion=champion,
            email="champion.staff@example.com",
            defaults={"name": "Chris Champion (demo)", "role": "Champion lead (demo contact, not a real person)"},
        )
        self.stdout.write(f"Demo contact of {champion}: Chris Champion (demo), champion.staff@example.com")
