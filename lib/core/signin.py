"""Sign-in settings: is this a team's Casebook (OpenID Connect configured) and is it set up right?

Streamlit reads `[auth]` from `.streamlit/secrets.toml` (beside the app, or in the home folder)
and signs people in with `st.login`. Casebook only decides the mode from it and checks it, so a
missing key or an unreachable provider is said in plain words on the page and by
`python -m lib doctor`, never as a traceback from the login route.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.core.db import ROOT

PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
SECRETS_FILES = (ROOT / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml")


@dataclass(frozen=True)
class SignIn:
    """The `[auth]` settings as Casebook sees them."""

    configured: bool
    providers: tuple[str, ...] = ()  # named providers ([auth.okta]); () for one unnamed one
    problems: tuple[str, ...] = ()

    @property
    def provider(self) -> str | None:
        """What to pass to `st.login`: the first named provider, or None for the unnamed one."""
        return self.providers[0] if self.providers else None


def read_secrets_files(files: tuple[Path, ...] = SECRETS_FILES) -> dict[str, Any]:
    """The secrets the app will see, read the way Streamlit merges them (first file wins)."""
    merged: dict[str, Any] = {}
    for path in reversed(files):
        if path.is_file():
            try:
                merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
                raise ValueError(f"{path} cannot be read as TOML: {error}") from None
    return merged


# Tables inside [auth] that are settings, not a named provider: `client_kwargs` goes to the
# HTTP client that talks to the provider (Authlib), e.g. `client_kwargs = { timeout = 30 }`.
NOT_PROVIDERS = frozenset({"client_kwargs"})


def _provider_names(auth: Mapping[str, Any]) -> list[str]:
    """The named providers of `[auth]`: `[auth.okta]`, `[auth.google]`, ..."""
    return [k for k, v in auth.items() if isinstance(v, Mapping) and k not in NOT_PROVIDERS]


def sign_in(secrets: Mapping[str, Any]) -> SignIn:
    """Team mode when `[auth]` exists; with every setting a person would get wrong listed."""
    auth = secrets.get("auth")
    if auth is None:
        return SignIn(configured=False)
    if not isinstance(auth, Mapping):
        return SignIn(configured=True, problems=("[auth] in secrets.toml must be a table",))
    problems: list[str] = []
    redirect = str(auth.get("redirect_uri") or "")
    if not redirect:
        problems.append(
            "[auth] has no redirect_uri: set it to this app's address + /oauth2callback, "
            "e.g. https://casebook.acme.com/oauth2callback"
        )
    elif not redirect.startswith(("http://", "https://")) or not redirect.rstrip("/").endswith(
        "/oauth2callback"
    ):
        problems.append(
            f"[auth] redirect_uri '{redirect}' must be an absolute URL ending in /oauth2callback"
        )
    if not str(auth.get("cookie_secret") or "").strip():
        problems.append(
            "[auth] has no cookie_secret: set a long random string "
            "(python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    named = _provider_names(auth)
    sections = {k: auth[k] for k in named} if named else {"": auth}
    for name, section in sections.items():
        where = f"[auth.{name}]" if name else "[auth]"
        missing = [k for k in PROVIDER_KEYS if not str(section.get(k) or "").strip()]
        if missing:
            problems.append(f"{where} is missing {', '.join(missing)}")
    return SignIn(configured=True, providers=tuple(named), problems=tuple(problems))


def metadata_urls(secrets: Mapping[str, Any]) -> dict[str, str]:
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping):
        return {}
    named = {k: auth[k] for k in _provider_names(auth)}
    sections = named or {"": auth}
    return {
        name: str(section.get("server_metadata_url"))
        for name, section in sections.items()
        if section.get("server_metadata_url")
    }


def provider_problems(secrets: Mapping[str, Any], timeout: float = 5.0) -> list[str]:
    """Whether each provider answers its discovery document: a plain sentence per failure."""
    import urllib.error  # here: every command that checks who acts would load it otherwise
    import urllib.request

    problems = []
    for name, url in metadata_urls(secrets).items():
        where = f"[auth.{name}]" if name else "[auth]"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                document = json.loads(response.read().decode("utf-8"))
            if "authorization_endpoint" not in document:
                problems.append(f"{where} server_metadata_url {url} is not an OpenID document")
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            problems.append(
                f"the sign-in provider in {where} cannot be reached at {url} ({reason}); "
                "check the address and that this server can reach it"
            )
    return problems
