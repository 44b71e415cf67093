"""A real SMTP server on loopback (aiosmtpd) for the tests that send email: the digest from the
command line and the Go / no-go page's Send digest and Celebrate."""

from __future__ import annotations

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox(tmp_path):
    """A real SMTP server on 127.0.0.1 and a secrets file that points at it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\nfrom = "Pilot <pilot@example.com>"\n'
    )
    yield handler, secrets
    controller.stop()


def parts(message) -> dict[str, object]:
    return {part.get_content_type(): part for part in message.walk() if not part.is_multipart()}
