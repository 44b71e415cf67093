"""Sending email through the team's SMTP server, configured in `.streamlit/secrets.toml`:

    [smtp]
    host = "smtp.example.com"
    port = 587
    starttls = true
    user = "pilot-bot@example.com"
    from = "Pilot dashboard <pilot-bot@example.com>"
    password_env = "PILOT_SMTP_PASSWORD"   # the password itself stays in the environment

Read with tomllib, not Streamlit, so a cron job can send from any working directory.
"""

from __future__ import annotations

import os
import smtplib
import tomllib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from pilot import store
from pilot.core.errors import PilotError
from pilot.core.text import EMAIL, normalize_email

SECRETS = store.ROOT / ".streamlit" / "secrets.toml"
NO_REPLY = "pilot-dashboard@localhost"


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 587
    starttls: bool = True
    user: str = ""
    password: str = ""
    sender: str = NO_REPLY


def smtp_settings(path: Path | None = None) -> Smtp:
    """The [smtp] section of the secrets file (the project's own unless `path` is given)."""
    path = Path(path) if path else SECRETS
    try:
        section = tomllib.loads(path.read_text(encoding="utf-8")).get("smtp")
    except FileNotFoundError as e:
        raise PilotError(f"No secrets file at {path}: add an [smtp] section (README, Weekly digest)") from e
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise PilotError(f"Cannot read {path}: {e}") from e
    if not isinstance(section, dict) or not isinstance(section.get("host"), str):
        raise PilotError(f"{path} has no [smtp] section with a host (README, Weekly digest)")
    port, starttls = section.get("port", 587), section.get("starttls", True)
    if not isinstance(port, int) or not isinstance(starttls, bool):
        raise PilotError(f"{path}: [smtp] port must be a number and starttls true or false")
    password = os.environ.get(str(section.get("password_env", "PILOT_SMTP_PASSWORD")), "")
    user, sender = (
        str(section.get("user", "")),
        str(section.get("from", "") or section.get("user", "") or NO_REPLY),
    )
    return Smtp(section["host"], port, starttls, user, password, sender)


def recipients(text: str) -> list[str]:
    """'a@x.com, b@y.com' as a list of emails; anything that is not an email is refused."""
    emails = [normalize_email(e) for e in text.replace(";", ",").split(",") if e.strip()]
    wrong = [e for e in emails if not EMAIL.match(e)]
    if not emails or wrong:
        raise PilotError(f"Give the recipients as emails separated by commas, not {text!r}")
    return emails


def send(message: EmailMessage, smtp: Smtp) -> None:
    """Hand the message to the SMTP server; a refusal or an unreachable server is one clear line."""
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user:
                server.login(smtp.user, smtp.password)
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as e:
        raise PilotError(f"Cannot send through {smtp.host}:{smtp.port}: {e}") from e
