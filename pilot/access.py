"""Who is acting, and what each role may do: the words every check and the audit trail use.

The acting user travels with the database connection (`store.connect(path, actor=...)`);
`store.transaction` checks their role on the pilot before anything is written.
"""

from __future__ import annotations

import base64
import datetime as dt
import getpass
import hashlib
import hmac
import json
import sqlite3
import time
from dataclasses import dataclass

OWNER, VIEWER, ADMIN = "owner", "viewer", "admin"
ROLES = (OWNER, VIEWER)
COMMAND_LINE, LOCAL = "command line", "local mode"


@dataclass(frozen=True)
class Actor:
    """The person behind a change: their email (lower case, the key of the users table), the
    name the audit trail shows, how they came in, and whether they hold the database file itself
    (the command line, local mode): such an actor is an admin without being in the users table."""

    email: str
    name: str = ""
    via: str = COMMAND_LINE
    holds_file: bool = False

    @property
    def label(self) -> str:
        """How the audit trail and the decision name them."""
        return self.name or self.email


def file_holder(via: str = COMMAND_LINE) -> Actor:
    """Whoever runs the CLI or a local-mode app on the database file: an admin."""
    user = getpass.getuser()
    return Actor(email=f"{user}@{via.replace(' ', '-')}", name=f"{user} ({via})", via=via, holds_file=True)


def may_write(role: str | None) -> bool:
    """Owners and admins change a pilot; viewers and strangers do not."""
    return role in (OWNER, ADMIN)


def role_on(conn: sqlite3.Connection, actor: Actor, pilot_id: int | None) -> str | None:
    """The actor's role on a pilot (None: not one pilot's, which only an admin may change):
    admin, owner, viewer, or None when they hold none. Read from the database on every call,
    so a removed role stops at once."""
    if actor.holds_file:
        return ADMIN
    row = conn.execute(
        "SELECT u.admin, r.role FROM users u LEFT JOIN roles r ON r.user_id = u.id AND r.pilot_id = ? "
        "WHERE u.email = ?",
        [pilot_id, actor.email],
    ).fetchone()
    if row is None:
        return None
    return ADMIN if row[0] else row[1]


def visible_pilots(conn: sqlite3.Connection, actor: Actor) -> set[int] | None:
    """The ids of the pilots the actor holds a role on; None means every pilot (an admin)."""
    if role_on(conn, actor, None) == ADMIN:
        return None
    rows = conn.execute(
        "SELECT r.pilot_id FROM roles r JOIN users u ON u.id = r.user_id WHERE u.email = ?", [actor.email]
    )
    return {r[0] for r in rows}


def changes(before: dict | None, after: dict | None) -> dict[str, list]:
    """The fields that differ, as {field: [before, after]} (a missing side is None)."""
    before, after = before or {}, after or {}
    fields = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in fields if before.get(k) != after.get(k)}


def record(
    conn: sqlite3.Connection, actor: Actor, role: str, pilot_id: int | None, entity: str, entity_id: object,
    action: str, before: dict | None = None, after: dict | None = None,
) -> None:
    """One audit row, inside the caller's transaction (`store.audit` fills in who and where)."""
    conn.execute(
        "INSERT INTO audit (at, pilot_id, who, who_email, role, via, entity, entity_id, action, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"), pilot_id, actor.label, actor.email, role,
            actor.via, entity, "" if entity_id is None else str(entity_id), action,
            json.dumps(changes(before, after), default=str, ensure_ascii=False),
        ],
    )


@dataclass(frozen=True)
class Session:
    """What a session token vouches for: who signed in, and when (milliseconds since 1970, UTC),
    so that a sign-out can end every session issued before it (users.session_actor)."""

    email: str
    issued: int


def now_ms(now: float | None = None) -> int:
    """A moment as sessions count it: milliseconds since 1970 (UTC)."""
    return int((time.time() if now is None else now) * 1000)


def session_token(email: str, secret: str, lifetime: int, now: float | None = None) -> str:
    """A signed, expiring proof that `email` signed in at `now`: the session cookie's value (URL-safe
    base64 and digits only, so it can sit in a cookie and a script without escaping)."""
    at = time.time() if now is None else now
    encoded = base64.urlsafe_b64encode(email.encode()).decode().rstrip("=")
    body = f"{encoded}.{now_ms(at)}.{int(at + lifetime)}"
    return f"{body}.{_sign(body, secret)}"


def read_session(token: str, secret: str, now: float | None = None) -> Session | None:
    """The session a `session_token` vouches for, or None when it is forged, altered or expired (or
    older than tokens that say when they were issued). Whether it was ended since, by signing out,
    is the users table's to say (users.session_actor)."""
    body, _, signature = (token or "").rpartition(".")
    parts = body.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts[1:]):
        return None
    if not hmac.compare_digest(signature, _sign(body, secret)):
        return None
    encoded, issued, expires = parts
    if int(expires) < (time.time() if now is None else now):
        return None
    return Session(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode(), int(issued))


def _sign(body: str, secret: str) -> str:
    return hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
