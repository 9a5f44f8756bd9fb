from django.apps import AppConfig


class ReferenceDataConfig(AppConfig):
    """The real programme data shipped as CSV, and `load_programme`, which loads it into every app that owns
    part of it (regions, programme, self_evaluation). Above the domain apps: none of them imports it."""

    name = "reference_data"
    verbose_name = "Reference data"
