"""Django's SMTP backend, keeping the server's reply to each message (shown to staff on the outbox row)."""

import smtplib

from django.core.mail.backends import smtp


class _SMTP(smtplib.SMTP):
    last_reply = ""

    def data(self, msg):
        code, reply = super().data(msg)
        self.last_reply = f"{code} {reply.decode(errors='replace')}"
        return code, reply


class _SMTP_SSL(smtplib.SMTP_SSL, _SMTP):
    pass


class EmailBackend(smtp.EmailBackend):
    @property
    def connection_class(self):
        return _SMTP_SSL if self.use_ssl else _SMTP

    @property
    def last_reply(self) -> str:
        return getattr(self.connection, "last_reply", "")
