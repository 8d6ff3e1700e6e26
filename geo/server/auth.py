"""Who may edit: local accounts with salted scrypt password hashes, and the sign-in policy.

A newsroom with an identity provider signs in through Streamlit's own OIDC
(``st.login``, configured in ``.streamlit/secrets.toml``); one without uses the
accounts here: a JSON file (``$INCIDENTMAP_USERS``, by default
``data/build/users.json``, which git ignores) of account names and
``hashlib.scrypt`` hashes, each with its own random salt, written with mode
``0600``. ``incidentmap user add NAME`` adds or resets an account.

:func:`policy` says what the app asks for: with sign-in configured, ingesting,
reviewing and deleting need a signed-in user (whose name the history records),
and viewing does too unless ``INCIDENTMAP_OPEN_VIEWING=1``. With nothing
configured the app behaves as a single-user tool on 127.0.0.1 (a typed name).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from geo.core.errors import InputError
from geo.core.paths import atomic_target, build_dir

#: scrypt cost: 2**15 x 8 x 1 takes about 0.1 s and 32 MiB per check.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD = 10
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

Mode = Literal["oidc", "password", "open"]


def users_path(environ: Mapping[str, str] | None = None) -> Path:
    """Return the accounts file.

    Parameters
    ----------
    environ
        Environment (``os.environ`` by default).

    Returns
    -------
    Path
        ``$INCIDENTMAP_USERS`` when set, else ``users.json`` in the build folder.
    """
    env = os.environ if environ is None else environ
    override = env.get("INCIDENTMAP_USERS", "").strip()
    return Path(override) if override else build_dir() / "users.json"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """Return a salted scrypt hash of a password, with its parameters.

    Parameters
    ----------
    password
        The password.
    salt
        Random bytes (16 fresh ones by default).
    n
        scrypt's CPU/memory cost (a power of two).

    Returns
    -------
    str
        ``scrypt$N$r$p$SALT$HASH`` (salt and hash in base64).
    """
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                         maxmem=256 * n * SCRYPT_R, dklen=KEY_BYTES)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Check a password against a stored hash in constant time.

    Parameters
    ----------
    password
        What was typed.
    stored
        A hash from :func:`hash_password`.

    Returns
    -------
    bool
        True when they match; False for a wrong password or a malformed hash.
    """
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), maxmem=256 * int(n) * int(r) + 2**20,
                             dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def check_name(name: str) -> str:
    """Return an account name, refusing names that would not read well in the history.

    Parameters
    ----------
    name
        Account name.

    Returns
    -------
    str
        The stripped name.

    Raises
    ------
    InputError
        For an empty name or one with spaces or unusual characters.
    """
    value = name.strip()
    if not _NAME.match(value):
        raise InputError(f"account name {name!r}: use 1-64 letters, digits, '.', '_', '-' or "
                         "'@', starting with a letter or digit.")
    return value


def load_users(path: Path) -> dict[str, str]:
    """Read the accounts file.

    Parameters
    ----------
    path
        The JSON file; a missing file means no accounts.

    Returns
    -------
    dict
        Account name -> password hash.

    Raises
    ------
    InputError
        When the file cannot be read or is not an accounts file.
    """
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: the accounts file cannot be read ({exc}).") from exc
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in users.items()):
        raise InputError(f"{path}: not an accounts file (expected {{\"users\": {{name: "
                         "hash}}}). Recreate it with `incidentmap user add NAME`.")
    return dict(users)


def _write_users(path: Path, users: Mapping[str, str]) -> None:
    text = json.dumps({"users": dict(sorted(users.items()))}, indent=1) + "\n"
    try:
        with atomic_target(path) as tmp:
            os.chmod(tmp, 0o600)
            tmp.write_text(text, "utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the accounts file "
                         f"({exc.strerror or exc}).") from exc


def add_user(path: Path, name: str, password: str) -> bool:
    """Add an account, or set a new password for an existing one.

    Parameters
    ----------
    path
        Accounts file (created with mode ``0600`` when missing).
    name
        Account name (see :func:`check_name`).
    password
        At least :data:`MIN_PASSWORD` characters.

    Returns
    -------
    bool
        True when the account is new, False when its password was replaced.

    Raises
    ------
    InputError
        For a bad name, a short password or an unwritable file.
    """
    name = check_name(name)
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password for {name!r} is too short: use at least "
                         f"{MIN_PASSWORD} characters.")
    users = load_users(path)
    new = name not in users
    users[name] = hash_password(password)
    _write_users(path, users)
    return new


def remove_user(path: Path, name: str) -> None:
    """Remove an account.

    Parameters
    ----------
    path
        Accounts file.
    name
        Account name.

    Raises
    ------
    InputError
        When there is no such account.
    """
    users = load_users(path)
    if name not in users:
        raise InputError(f"no account named {name!r} in {path}.")
    del users[name]
    _write_users(path, users)


def authenticate(users: Mapping[str, str], name: str, password: str) -> str | None:
    """Return the account name when the password is right, else ``None``.

    An unknown name costs as much time as a wrong password (no name probing).

    Parameters
    ----------
    users
        Accounts from :func:`load_users`.
    name
        Typed account name.
    password
        Typed password.

    Returns
    -------
    str or None
        The account name, or ``None``.
    """
    key = name.strip()
    stored = users.get(key)
    if stored is None:
        verify_password(password, _dummy_hash())
        return None
    return key if verify_password(password, stored) else None


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not a password", salt=b"\0" * SALT_BYTES)


@dataclass
class Throttle:
    """Refuse further sign-in attempts for a name after repeated failures.

    Attributes
    ----------
    limit
        Failures allowed within ``window_s``.
    window_s
        Seconds a failure counts, and how long a locked name waits.
    failures
        Name -> times of recent failures.
    """

    limit: int = 5
    window_s: float = 300.0
    failures: dict[str, list[float]] = field(default_factory=dict)

    def wait_s(self, name: str, now: float | None = None) -> float:
        """Return how many seconds ``name`` must wait before another try (0 for none).

        Parameters
        ----------
        name
            Account name as typed.
        now
            Current time (``time.monotonic()`` by default).

        Returns
        -------
        float
            Seconds to wait.
        """
        at = time.monotonic() if now is None else now
        recent = [t for t in self.failures.get(name.strip(), []) if at - t < self.window_s]
        self.failures[name.strip()] = recent
        if len(recent) < self.limit:
            return 0.0
        return self.window_s - (at - recent[-self.limit])

    def failed(self, name: str, now: float | None = None) -> None:
        """Record a failed attempt for ``name``.

        Parameters
        ----------
        name
            Account name as typed.
        now
            Current time (``time.monotonic()`` by default).
        """
        self.failures.setdefault(name.strip(), []).append(
            time.monotonic() if now is None else now)


@dataclass(frozen=True, slots=True)
class Policy:
    """What the app asks of a visitor.

    Attributes
    ----------
    mode
        ``oidc`` (Streamlit's ``st.login``), ``password`` (local accounts) or
        ``open`` (nothing configured: a typed name, for one person on 127.0.0.1).
    open_viewing
        Whether the map, incidents, briefings and exports are shown without
        sign-in.
    """

    mode: Mode
    open_viewing: bool

    @property
    def sign_in_required_to_edit(self) -> bool:
        """Whether ingest, review and delete need a signed-in user."""
        return self.mode != "open"


def policy(oidc_configured: bool, users: Mapping[str, str],
           environ: Mapping[str, str] | None = None) -> Policy:
    """Decide the sign-in policy from the configuration.

    Parameters
    ----------
    oidc_configured
        Whether ``.streamlit/secrets.toml`` has an ``[auth]`` section.
    users
        Local accounts (:func:`load_users`).
    environ
        Environment (``os.environ`` by default): ``INCIDENTMAP_OPEN_VIEWING=1``
        keeps viewing open when sign-in is configured.

    Returns
    -------
    Policy
        OIDC when configured, else local accounts when there are any, else open.
    """
    env = os.environ if environ is None else environ
    mode: Mode = "oidc" if oidc_configured else "password" if users else "open"
    open_viewing = mode == "open" or env.get("INCIDENTMAP_OPEN_VIEWING", "").strip().lower() in (
        "1", "true", "yes")
    return Policy(mode, open_viewing)
