from django.apps import AppConfig


class SupportDaysConfig(AppConfig):
    name = "support_days"
    verbose_name = "1:1 support days"
