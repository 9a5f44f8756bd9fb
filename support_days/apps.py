from django.apps import AppConfig


class SupportDaysConfig(AppConfig):
    name = "support_days"
    verbose_name = "1:1 support days"

    def ready(self):
        # Cache coherence for the tracker's figures (see page_cache.py), not workflow.
        from support_days import page_cache

        page_cache.connect()
