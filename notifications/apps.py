from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from notifications.heartbeat import connect_beat_receivers

        connect_beat_receivers()
