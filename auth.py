"""Who is using the app: the sign-in gate that `ui.page_setup` runs before any page draws.

The identity comes from the first of these that is configured:
1. `[auth]` in .streamlit/secrets.toml: Streamlit's own st.login (OIDC: Entra ID, Google, Okta...).
2. `[proxy] user_header` in the secrets: a sign-in proxy in front of the app names the user in
   that header; trusted only when so configured (and the app must be reachable through it only).
3. Users with a password in the database: the app's own sign-in form (argon2, rate-limited per
   user). The session is a signed, expiring cookie (pilot.access.session_token), so a reload, a
   new tab or a deep link does not ask again within its lifetime. Signing out ends it on the
   server too (users.sign_out): every session of that user issued before is refused from then on,
   a copied cookie and another browser's open page included. We sign our own cookie rather than
   add streamlit-authenticator: it keeps users in a YAML file, not in our users table with roles,
   and its cookie manager is a third-party component (arbitrary JavaScript). The cookie is written
   by a script (a page cannot set a response header), so it cannot be HttpOnly.
4. Nothing configured: LOCAL MODE. One owner (whoever holds the database file), loopback only.
"""

from __future__ import annotations

import secrets as random
from typing import Any

import streamlit as st

from pilot.access import LOCAL, Actor, file_holder, read_session, session_token
from pilot.core.errors import PilotError
from pilot.core.text import escape
from pilot.setup import users
from pilot.store import Database

ACTOR_KEY = "signed_in"  # the session's Actor; never a widget key, so a browser cannot set it
ISSUED_KEY = "signed_in_at"  # when its password session was issued (ms): a sign-out ends it
COOKIE = "pilot_session"
PENDING_COOKIE, SIGNED_OUT = "pending_cookie", "signed_out"
DEFAULT_HOURS = 12
_PROCESS_SECRET = random.token_hex(32)  # when the secrets name none: sessions end with the server


def secrets(section: str) -> dict[str, Any]:
    """A section of .streamlit/secrets.toml, or {} when there is no such section or no file."""
    try:
        return dict(st.secrets.get(section) or {})
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def mode(db: Database) -> str:
    """oidc, proxy, password or local: how this server knows who is using it."""
    if secrets("auth"):
        return "oidc"
    if secrets("proxy").get("user_header"):
        return "proxy"
    return "password" if users.has_password_users(db) else "local"


def signed_in(db: Database) -> Actor:
    """The acting user, or a sign-in form (or a refusal) and st.stop()."""
    how = mode(db)
    if how == "local":
        return _local()
    actor = {"oidc": _oidc, "proxy": _proxy, "password": _password}[how](db)
    st.sidebar.caption(f"Signed in as {escape(actor.label)}")
    if how != "proxy" and st.sidebar.button("Sign out", key="sign_out"):
        if how == "password":
            _end_sessions(db, actor)
        _sign_out(how)
    return actor


def remote_address() -> str | None:
    """The client's address when it is not this computer (Streamlit reports loopback as None;
    AppTest has no address at all)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def _local() -> Actor:
    if remote_address() is not None:
        st.error(
            "This app runs in local mode: it answers this computer only. "
            "To serve a team, configure sign-in (see the README)."
        )
        st.stop()
    st.sidebar.caption("🔒 **Local mode**: you are the one owner, and only this computer can reach the app.")
    return file_holder(LOCAL)


def _known(db: Database, email: str, via: str) -> Actor:
    actor = users.actor_for(db, email, via)
    if actor is None:
        st.error(f"{escape(email)} has no role here: ask an admin to grant you one.")
        if via == "sign-in" and st.button("Sign out", key="sign_out"):  # to switch accounts: the
            _sign_out("oidc")  # identity cookie of st.login would keep this one for 30 days
        st.stop()
    return actor


def _oidc(db: Database) -> Actor:
    if not st.user.is_logged_in:
        st.title("Pilot dashboard")
        st.button("Sign in", key="oidc_sign_in", on_click=st.login, type="primary")
        st.stop()
    return _known(db, str(st.user.get("email") or ""), "sign-in")


def _proxy(db: Database) -> Actor:
    header = secrets("proxy")["user_header"]
    email = st.context.headers.get(header)
    if not email:
        st.error("The sign-in proxy did not say who you are: open the app through it.")
        st.stop()
    return _known(db, email, "proxy")


def _password(db: Database) -> Actor:
    """The signed-in user, checked on every run: a removed user, or a session ended since (signed
    out anywhere, a new password), gets the sign-in form, in this page as in a copied cookie's."""
    _write_cookie()
    email, issued = getattr(st.session_state.get(ACTOR_KEY), "email", None), st.session_state.get(ISSUED_KEY)
    if email is None and not st.session_state.get(SIGNED_OUT):  # the browser keeps the old cookie
        cookie = session_cookie()
        session = read_session(cookie, _secret()) if cookie else None
        email, issued = (session.email, session.issued) if session else (None, None)
    actor = users.session_actor(db, email, issued) if email and issued is not None else None
    if actor is not None:
        st.session_state[ACTOR_KEY], st.session_state[ISSUED_KEY] = actor, issued
        return actor
    st.session_state.pop(ACTOR_KEY, None)
    st.session_state.pop(ISSUED_KEY, None)
    _sign_in_form(db)
    st.stop()


def session_cookie() -> str | None:
    """The session cookie the browser sent, if any."""
    cookie = st.context.cookies.get(COOKIE)
    return cookie if isinstance(cookie, str) else None


def _sign_in_form(db: Database) -> None:
    st.title("Sign in")
    with st.form("sign_in"):
        email = st.text_input("Email", key="sign_in_email")
        password = st.text_input("Password", type="password", key="sign_in_password")
        if not st.form_submit_button("Sign in", type="primary"):
            return
    try:
        actor = users.sign_in(db, email, password)
    except PilotError as e:
        st.error(escape(e))
        return
    lifetime = int(float(secrets("session").get("hours", DEFAULT_HOURS)) * 3600)
    token = session_token(actor.email, _secret(), lifetime)
    st.session_state[ACTOR_KEY], st.session_state[ISSUED_KEY] = actor, read_session(token, _secret()).issued
    st.session_state.pop(SIGNED_OUT, None)
    _set_cookie(token, lifetime)
    st.rerun()


def _secret() -> str:
    return str(secrets("session").get("cookie_secret") or _PROCESS_SECRET)


def _set_cookie(value: str, max_age: int) -> None:
    """Have the next run write the session cookie in the browser (the page reruns right after)."""
    secure = "; Secure" if (st.context.url or "").startswith("https") else ""
    st.session_state[PENDING_COOKIE] = f"{COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}"


def _write_cookie() -> None:
    """Run the pending cookie script. Only our own token (base64url and hex) is in it, never user text."""
    cookie = st.session_state.pop(PENDING_COOKIE, None)
    if cookie:
        st.sidebar.html(f"<script>document.cookie = {cookie!r};</script>", unsafe_allow_javascript=True)


def _end_sessions(db: Database, actor: Actor) -> None:
    """Refuse every session of the user issued so far, wherever its cookie went; if that cannot be
    stored, say so and stay signed in (the user would believe a copied cookie dead)."""
    try:
        users.sign_out(db, actor.email)
    except PilotError as e:
        st.error(f"Not signed out: {escape(e)}")
        st.stop()


def _sign_out(how: str) -> None:
    if how == "oidc":  # st.logout sends the browser to the provider's sign-out; a rerun would drop
        st.logout()  # that message from the queue before it left (Streamlit clears it at a new run)
        st.stop()
    st.session_state.pop(ACTOR_KEY, None)
    st.session_state.pop(ISSUED_KEY, None)
    st.session_state[SIGNED_OUT] = True
    st.session_state[PENDING_COOKIE] = f"{COOKIE}=; Path=/; Max-Age=0; SameSite=Strict"
    st.rerun()
