"""A real SMTP server on 127.0.0.1 (aiosmtpd in a thread) that records what it received, and can refuse one
address (550), hang before answering, or be stopped so that connections are refused."""

import asyncio
import email
import socket
import threading

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self):
        self.received: list[email.message.Message] = []
        self.refused: set[str] = set()  # answered 550 (for good)
        self.deferred: set[str] = set()  # answered 450 (try again later)
        self.hang_seconds = 0.0
        self.on_data = None  # called (in the server's thread) before a message is accepted
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        if address in self.deferred:
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hang_seconds:  # accepts the connection and never answers the message
            await asyncio.sleep(self.hang_seconds)
            return "421 4.4.2 Timed out"
        if self.on_data:
            await asyncio.get_running_loop().run_in_executor(None, self.on_data)
        with self.lock:
            self.received.append(email.message_from_bytes(envelope.content))
        return f"250 2.0.0 Ok: queued as {len(self.received)}"


class SMTPServer:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.handler = _Handler()
        self._controller = None

    def start(self):
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        """Stop listening: connections are refused until start()."""
        if self._controller:
            self._controller.stop()
            self._controller = None

    @property
    def received(self):
        return self.handler.received

    def count_by_message_id(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for message in self.received:
            counts[message["Message-ID"]] = counts.get(message["Message-ID"], 0) + 1
        return counts
