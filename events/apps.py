from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and registrations"

    def ready(self):
        # Cache coherence for the public pages (see page_cache.py), not workflow.
        from events import page_cache

        page_cache.connect()
