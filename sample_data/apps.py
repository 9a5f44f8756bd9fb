from django.apps import AppConfig


class SampleDataConfig(AppConfig):
    name = "sample_data"
    verbose_name = "Sample data"
