from django.apps import AppConfig


class SelfEvaluationConfig(AppConfig):
    name = "self_evaluation"
    verbose_name = "Self-evaluation"

    def ready(self):
        # Cache coherence for the pages that show returns (see page_cache.py), not workflow.
        from self_evaluation import page_cache

        page_cache.connect()
