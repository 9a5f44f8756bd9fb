import pytest

from tests.notifications.smtp_server import SMTPServer


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server, and the portal's SMTP backend pointed at it with a 1-second timeout."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "notifications.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.stop()
