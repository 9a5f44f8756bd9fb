from django.apps import AppConfig


class TrackerConfig(AppConfig):
    """The delivery tracker: every champion against Annex B. It reads every domain app; none reads it."""

    name = "tracker"
