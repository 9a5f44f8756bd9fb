from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = "Regions, local authorities and champions"

    def ready(self):
        # Cache coherence for the public pages (see page_cache.py), not workflow.
        from regions import page_cache

        page_cache.connect()
