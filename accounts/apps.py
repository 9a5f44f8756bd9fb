from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import session_start

        # Start a staff session's clocks as the person signs in (however they sign in), so that
        # requests do not write the session just to start them.
        user_logged_in.connect(session_start, dispatch_uid="accounts.sessions.session_start")
