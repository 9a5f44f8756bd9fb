from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "case_studies"
    verbose_name = "Case studies and good-practice resources"

    def ready(self):
        # Cache coherence for the public pages (see page_cache.py), not workflow.
        from case_studies import page_cache

        page_cache.connect()
