"""Start the servers a browser test or a benchmark talks to: `streamlit run app.py`, and the
OpenID Connect provider (oidc-provider-mock) that team mode signs in against.

Written once for the browser tests and the benchmarks (`benchmarks` imports it too). Each
server listens on a free loopback port, is waited for on its own health check (never a fixed
sleep, with a limit generous enough for a busy 2-core machine), logs to a file in the given
folder (whose end is quoted when it does not start), and is stopped when the `with` block ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 120
STOP_SECONDS = 60
LOG_TAIL = 4000
# A browser page's app is idle: connected, no script running, no status widget. For
# `page.wait_for_function` in the browser tests and the benchmarks that drive Chromium.
APP_IDLE = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return app !== null
        && app.getAttribute("data-test-connection-state") === "CONNECTED"
        && app.getAttribute("data-test-script-state") === "notRunning"
        && document.querySelector("[data-testid='stStatusWidget']") === null;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll `url` until it answers 200, the process dies, or START_SECONDS pass."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{log.stem} exited with status {process.returncode}:\n"
                + log.read_text()[-LOG_TAIL:]
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.3)  # paces the polling; returns at once if it exits
    raise RuntimeError(
        f"no answer from {url} in {START_SECONDS} s:\n" + log.read_text()[-LOG_TAIL:]
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def _serving(
    command: list[str], health: str, log: Path, env: Mapping[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_up(health, process, log)
        yield process
    finally:
        _stop(process)


@dataclass(frozen=True)
class Server:
    """A running server: where to reach it, and its process id (a benchmark reads its CPU
    time and memory from /proc)."""

    base: str
    pid: int


@contextlib.contextmanager
def oidc_provider(folder: Path, users: Iterable[Mapping[str, str]]) -> Iterator[str]:
    """An OpenID Connect provider on loopback that signs in `users` (claims: sub, email,
    name); yields its base URL."""
    with oidc_provider_server(folder, users) as server:
        yield server.base


@contextlib.contextmanager
def oidc_provider_server(folder: Path, users: Iterable[Mapping[str, str]]) -> Iterator[Server]:
    """`oidc_provider`, yielding its base URL and process id."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    claims = [arg for user in users for arg in ("--user-claims", json.dumps(dict(user)))]
    with _serving(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *claims],
        f"{base}/.well-known/openid-configuration",
        folder / "provider.log",
        os.environ,
    ) as process:
        yield Server(base, process.pid)


def auth_secrets(folder: Path, app_base: str, provider_base: str, *, name: str = "app") -> Path:
    """A secrets.toml whose `[auth]` signs in to `app_base` through `provider_base`."""
    path = folder / f"{name}-secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{app_base}/oauth2callback"\n'
        'cookie_secret = "a-long-random-secret-for-tests-and-benchmarks"\n'
        'client_id = "casebook"\n'
        'client_secret = "casebook-secret"\n'
        f'server_metadata_url = "{provider_base}/.well-known/openid-configuration"\n'
        # The app server's calls to the provider (discovery, token, keys) may wait on a busy
        # machine: Authlib's 5 s default failed sign-ins when many signed in at once.
        "client_kwargs = { timeout = 60 }\n"
    )
    return path


@contextlib.contextmanager
def streamlit_app(
    folder: Path,
    database_url: str,
    *,
    name: str = "streamlit",
    provider: str | None = None,
    script: str = "app.py",
) -> Iterator[str]:
    """`streamlit run app.py` on `database_url`; in team mode when `provider` (a base URL from
    `oidc_provider`) is given, else in local mode. Yields the app's base URL. `script`
    "serve.py" serves the same app, building the library's shared data at start."""
    with streamlit_server(
        folder, database_url, name=name, provider=provider, script=script
    ) as server:
        yield server.base


@contextlib.contextmanager
def streamlit_server(
    folder: Path,
    database_url: str,
    *,
    name: str = "streamlit",
    provider: str | None = None,
    env: Mapping[str, str] | None = None,
    script: str = "app.py",
) -> Iterator[Server]:
    """`streamlit_app`, yielding the app's base URL and process id; `env` adds to the
    server's environment."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    if provider is not None:
        command += ["--secrets.files", str(auth_secrets(folder, base, provider, name=name))]
    environment = {**os.environ, **(env or {}), "DATABASE_URL": database_url}
    log = folder / f"{name}.log"
    with _serving(command, f"{base}/_stcore/health", log, environment) as process:
        yield Server(base, process.pid)
