from django.apps import AppConfig


class SelfEvaluationConfig(AppConfig):
    name = "self_evaluation"
    verbose_name = "Self-evaluation"
