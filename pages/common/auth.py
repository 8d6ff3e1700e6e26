"""Sign-in for editing: Streamlit's own OIDC (st.login) when configured, else local accounts.

``require_editor()`` returns the signed-in user's name for the history, or shows the
sign-in form and stops the page; ``gate_viewing()`` does the same for read-only pages when
viewing is not open. With nothing configured (one person on 127.0.0.1) a typed name is used.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.errors import DuplicateWidgetID

from geo.core.errors import IncidentMapError
from geo.reading.plaintext import escape_markdown
from geo.server.auth import Policy, Throttle, authenticate, load_users, policy, users_path

NAME_LABEL = "Your name (recorded with every change)"


def _oidc_providers() -> list[str] | None:
    """Named providers of ``[auth]`` in secrets.toml; ``None`` when there is no ``[auth]``."""
    try:
        auth: Any = st.secrets.get("auth")
    except Exception:  # no secrets.toml at all
        return None
    if not auth:
        return None
    return [k for k, v in dict(auth).items() if hasattr(v, "keys")]


def _users() -> dict[str, str]:
    try:
        return load_users(users_path())
    except IncidentMapError as exc:
        st.error(escape_markdown(f"Sign-in is misconfigured: {exc}"))
        st.stop()
        raise  # pragma: no cover - st.stop() raises


def current_policy() -> Policy:
    """The sign-in policy from secrets.toml, the accounts file and the environment."""
    return policy(_oidc_providers() is not None, _users())


@st.cache_resource
def _throttle() -> Throttle:
    return Throttle()


def signed_in_user(pol: Policy) -> str | None:
    """The signed-in user's name, or ``None``."""
    if pol.mode == "oidc":
        user = st.user
        if not user.is_logged_in:
            return None
        return str(user.get("email") or user.get("name") or user.get("sub") or "") or None
    if pol.mode == "password":
        name = st.session_state.get("auth_user")
        # An account removed from the file signs its open sessions out.
        if name and name in _users():
            return str(name)
        st.session_state.pop("auth_user", None)
    return None


def _sign_in_form(pol: Policy, why: str) -> None:
    st.info(why)
    if pol.mode == "oidc":
        providers = _oidc_providers() or []
        if len(providers) > 1:
            for name in providers:
                if st.button(f"Sign in with {name}", key=f"auth_login_{name}"):
                    st.login(name)
        elif st.button("Sign in", key="auth_login", type="primary"):
            if providers:
                st.login(providers[0])
            else:
                st.login()
        return
    with st.form("auth_form"):
        name = st.text_input("Account name", key="auth_name")
        password = st.text_input("Password", type="password", key="auth_password")
        pressed = st.form_submit_button("Sign in", type="primary")
    if not pressed:
        return
    throttle = _throttle()
    wait = throttle.wait_s(name)
    if wait > 0:
        st.error(f"Too many failed sign-ins for this account: try again in {wait:.0f} s.")
        return
    user = authenticate(_users(), name, password)
    if user is None:
        throttle.failed(name)
        st.error("Wrong account name or password.")
        return
    st.session_state["auth_user"] = user
    st.rerun()


def _signed_in_bar(pol: Policy, user: str) -> None:
    """Who is signed in and a sign-out button, once per run (app.py and a page may ask)."""
    with st.sidebar:
        try:
            out = st.button("Sign out", key="auth_logout")
        except DuplicateWidgetID:  # already drawn in this run
            return
        st.caption(f"Signed in as **{escape_markdown(user)}**")
    if out:
        if pol.mode == "oidc":
            st.logout()
        st.session_state.pop("auth_user", None)
        st.rerun()


def require_editor(where: Any = None, ask_name: bool = True) -> str:
    """Return the name to record for changes; without sign-in, show the form and stop.

    With sign-in configured, a page that edits calls this before any widget that
    writes. With nothing configured, ``ask_name`` shows a name field (in ``where``,
    a container) and returns what was typed.
    """
    pol = current_policy()
    if pol.mode == "open":
        if not ask_name:
            return ""
        box = where if where is not None else st
        name = str(box.text_input(NAME_LABEL, key="editor") or "")
        if name.strip():
            box.caption(f"Changes are recorded as **{escape_markdown(name.strip())}** "
                        "(sign-in is not configured).")
        return name
    user = signed_in_user(pol)
    if user is None:
        _sign_in_form(pol, "Sign in to ingest, review or delete: every change is recorded "
                           "under your account.")
        st.stop()
    assert user is not None
    _signed_in_bar(pol, user)
    if where is not None:
        where.caption(f"Changes are recorded as **{escape_markdown(user)}**.")
    return user


def gate_viewing() -> None:
    """Stop the page with the sign-in form when viewing needs sign-in and nobody is in."""
    pol = current_policy()
    if pol.open_viewing:
        user = signed_in_user(pol) if pol.mode != "open" else None
        if user:
            _signed_in_bar(pol, user)
        return
    user = signed_in_user(pol)
    if user is None:
        _sign_in_form(pol, "Sign in to see the incident map.")
        st.stop()
    assert user is not None
    _signed_in_bar(pol, user)


def can_edit() -> bool:
    """Whether this visitor may change anything (signed in, or sign-in not configured).

    For pages that show edit controls beside read-only content (the Map page's "Save this
    view to a briefing", the Briefing page's slide edits): hide or disable them when False.
    """
    pol = current_policy()
    return pol.mode == "open" or signed_in_user(pol) is not None
