"""Who may sign in, and their role on each pilot: owner (everything) or viewer (executives: read).

A user is an email (matched case-insensitively), a name, an optional password (argon2 hash,
never the password itself) and an admin flag (creates pilots, grants roles, owns every pilot).
Granting and removing roles are admin changes, so they pass `store.transaction(db, None)`
and are in the audit trail like every other change.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pilot import store
from pilot.access import ROLES, Actor, now_ms
from pilot.core.errors import NotFound, PilotError, ValidationError
from pilot.core.text import EMAIL, normalize_email
from pilot.setup.pilots import Pilot
from pilot.store import Database

HASHER = PasswordHasher()
MIN_PASSWORD = 10
# Sign-in attempts: after FREE_ATTEMPTS failures in a row, each further try for that email waits
# twice as long as the last (1 s, 2 s, 4 s ... at most MAX_WAIT), whatever the password.
FREE_ATTEMPTS, MAX_WAIT = 5, 15 * 60


class SignInRefused(PilotError):
    """A wrong email or password, or too many attempts: one message for all, so it tells nothing."""


@dataclass(frozen=True)
class User:
    email: str
    name: str
    admin: bool
    has_password: bool


def add_user(
    db: Database, email: str, role: str | None = None, pilot: Pilot | None = None,
    password: str | None = None, admin: bool = False, name: str = "",
) -> User:
    """Create the user (or update them) and grant `role` on `pilot`; all of it, or nothing."""
    email = normalize_email(email)
    errors = [] if EMAIL.match(email) else [f"'{email}' is not an email address"]
    if role is not None and role not in ROLES:
        errors.append(f"The role must be {' or '.join(ROLES)}, not '{role}'")
    if (role is None) != (pilot is None):
        errors.append("A role needs a pilot, and a pilot a role")
    if password is not None and len(password) < MIN_PASSWORD:
        errors.append(f"The password needs at least {MIN_PASSWORD} characters")
    if errors:
        raise ValidationError(errors)
    with store.transaction(db, None):
        before = next(db.query("SELECT * FROM users WHERE email = ?", [email]), None)
        row = {"email": email, "name": name.strip() or (before or {}).get("name") or email.split("@")[0]}
        row["admin"] = int(admin or bool(before and before["admin"]))
        if password is not None:
            row["password_hash"] = HASHER.hash(password)
        if password is not None or before is None:  # a new password, or a new user under an email
            row["sessions_from"] = now_ms()  # that had one before: no earlier session stays valid
        if before:
            db.table("users").update(before["id"], row)
            user_id = before["id"]
        else:
            user_id = db.table("users").insert(row).last_pk
        store.audit(db, "user", email, "changed" if before else "created", _shown(before), _shown(row))
        if pilot is not None:
            db.execute(
                "INSERT INTO roles (user_id, pilot_id, role) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id, pilot_id) DO UPDATE SET role = excluded.role",
                [user_id, pilot.id, role],
            )
            store.audit(db, "role", email, "granted", None, {"role": role}, pilot.id)
    return get_user(db, email)


def _shown(row: dict | None) -> dict | None:
    """A user as the audit trail keeps them: whether a password is set, never the hash."""
    if row is None:
        return None
    password = "set" if row.get("password_hash") else ""
    return {"name": row["name"], "admin": bool(row["admin"]), "password": password}


def remove_user(db: Database, email: str, pilot: Pilot | None = None) -> None:
    """Take away the user's role on `pilot`, or the user altogether (every role) without one."""
    user = get_user(db, email)
    with store.transaction(db, None):
        if pilot is None:
            store.audit(db, "user", user.email, "removed", _shown(_row(db, user.email)))
            db.execute("DELETE FROM users WHERE email = ?", [user.email])
            return
        sql = "DELETE FROM roles WHERE pilot_id = ? AND user_id = (SELECT id FROM users WHERE email = ?)"
        if not db.execute(sql, [pilot.id, user.email]).rowcount:
            raise NotFound(f"{user.email} holds no role on pilot {pilot.slug}")
        store.audit(db, "role", user.email, "removed", None, None, pilot.id)


def get_user(db: Database, email: str) -> User:
    row = _row(db, normalize_email(email))
    if row is None:
        raise NotFound(f"No user {normalize_email(email)}")
    return User(row["email"], row["name"], bool(row["admin"]), bool(row["password_hash"]))


def _row(db: Database, email: str) -> dict | None:
    return next(db.query("SELECT * FROM users WHERE email = ?", [email]), None)


def list_users(db: Database) -> pd.DataFrame:
    """Every user with each role they hold: email, name, admin, password, pilot, role."""
    return store.frame(
        db,
        "SELECT u.email, u.name, u.admin, u.password_hash IS NOT NULL AS password, "
        "COALESCE(p.slug, '') AS pilot, COALESCE(r.role, '') AS role FROM users u "
        "LEFT JOIN roles r ON r.user_id = u.id LEFT JOIN pilots p ON p.id = r.pilot_id "
        "ORDER BY u.email, p.slug",
    )


def has_password_users(db: Database) -> bool:
    """Whether anyone can sign in with a password: then the app asks for one."""
    return db.execute("SELECT 1 FROM users WHERE password_hash IS NOT NULL LIMIT 1").fetchone() is not None


def session_actor(db: Database, email: str, issued: int) -> Actor | None:
    """The user a password session of `email` issued at `issued` (access.Session) stands for, or
    None: they are no longer a user, or their sessions issued then have ended since (they signed
    out, their password changed, they were removed and added again)."""
    row = _row(db, normalize_email(email))
    if row is None or issued < row["sessions_from"]:
        return None
    return Actor(row["email"], row["name"], "password")


def sign_out(db: Database, email: str, now: float | None = None) -> None:
    """End every password session of `email` issued until now, in every browser: a copy of the
    session cookie is refused too, not only the browser's own, which the page deletes.

    The user's own action, like signing in: ending one's own sessions needs no role, so it does not
    pass store.transaction's role check, and changes no pilot's data (so no audit row, no new data
    version for the caches). One statement: whole or not at all.
    """
    ended = [now_ms(now), normalize_email(email)]
    try:
        db.execute("UPDATE users SET sessions_from = ? WHERE email = ?", ended)
    except sqlite3.DatabaseError as e:
        friendly = store.database_error(e, store.path_of(db))
        if friendly is None:
            raise
        raise friendly from e


def actor_for(db: Database, email: str, via: str) -> Actor | None:
    """The actor behind an identity the app trusts (a session cookie, the identity provider, the
    proxy's header): None when they are not a user here."""
    row = _row(db, normalize_email(email))
    return Actor(row["email"], row["name"], via) if row else None


# What an unknown email is checked against, so that it takes as long as a known one: a hash made
# once with HASHER's parameters (a test checks they still match). Hashing it at import cost every
# command and server start 0.2 to 0.4 s of argon2.
_DUMMY = "$argon2id$v=19$m=65536,t=3,p=4$HbK0Etvl3dI+md2CI2ktmA$Ynnp+QJSGSkkaUEltKFsWr4pxyuM3/WEvrTYDBrDnqM"
_failures: dict[str, tuple[int, float]] = {}  # email -> (failures in a row, time of the last)
_failures_lock = threading.Lock()


def sign_in(db: Database, email: str, password: str, now: float | None = None) -> Actor:
    """The user behind an email and password, or SignInRefused. Attempts are limited per email
    (this process keeps the count): a guesser waits longer after each miss."""
    email, now = normalize_email(email), time.monotonic() if now is None else now
    with _failures_lock:
        failures, last = _failures.get(email, (0, 0.0))
        wait = min(2 ** (failures - FREE_ATTEMPTS), MAX_WAIT) if failures >= FREE_ATTEMPTS else 0
        if now - last < wait:
            raise SignInRefused(f"Too many attempts: wait {int(wait - (now - last)) + 1} s and try again")
        row = _row(db, email)
        try:
            HASHER.verify((row or {}).get("password_hash") or _DUMMY, password)
            if row is None or not row["password_hash"]:
                raise VerificationError
        except (VerificationError, InvalidHashError):
            _failures[email] = (failures + 1, now)
            raise SignInRefused("Wrong email or password") from None
        _failures.pop(email, None)
    return Actor(row["email"], row["name"], "password")
