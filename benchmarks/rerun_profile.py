"""Where one Call prep rerun's server CPU goes: one signed-in rep changes the prospect's industry
again and again (nothing else on the server), and the server says what each change cost.

    python -m benchmarks.rerun_profile [CHANGES] [--profile]

The app server runs in team mode on the sample library (SQLite; PostgreSQL when
`CASEBOOK_TEST_DATABASE` names a server), started through this module (`serve`), which counts
inside the server, per change: the script run's own CPU (the script thread: the app frame and
the page, with Streamlit building each element), the messages sent (their kinds and bytes, and
the CPU of serialising them), and the rest of the process (the event loop sending, widget
state, other threads). `--profile` adds cProfile over the script runs and prints where their
time goes by package and the top functions (cProfile roughly doubles the run's cost: compare
the shares, not the figures). A measuring tool: it prints, it asserts nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

STATS = "CASEBOOK_RERUN_STATS"  # the file the server writes its counters to
PROFILE = "CASEBOOK_RERUN_PROFILE"  # "1": cProfile the script runs too


# --- Inside the server ------------------------------------------------------------------------


def _install(stats_path: Path, profiling: bool) -> None:
    """Count script runs, their thread's CPU and the messages sent, in this server process."""
    import atexit
    import cProfile
    import pstats
    import threading

    from streamlit.runtime import runtime_util
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web.server.starlette import starlette_websocket

    lock = threading.Lock()
    counts: dict[str, Any] = {"runs": 0, "script_cpu": 0.0, "serialise_cpu": 0.0,
                              "messages": 0, "bytes": 0, "kinds": Counter()}  # fmt: skip
    profiles: list[pstats.Stats] = []

    original_run = script_runner.ScriptRunner._run_script

    reset = Path(str(stats_path) + ".reset")

    def run_script(self: Any, rerun_data: Any) -> None:
        if reset.exists():  # the measuring side starts counting: drop the warm-up's profiles
            reset.unlink()
            with lock:
                profiles.clear()
        profile = cProfile.Profile() if profiling else None
        start = time.thread_time()
        if profile is not None:
            profile.enable()
        try:
            original_run(self, rerun_data)
        finally:
            if profile is not None:
                profile.disable()
            spent = time.thread_time() - start
            with lock:
                counts["runs"] += 1
                counts["script_cpu"] += spent
                if profile is not None:
                    profiles.append(pstats.Stats(profile))
            _write()

    original_serialise = runtime_util.serialize_forward_msg

    def serialise(msg: Any) -> bytes:
        start = time.thread_time()
        data: bytes = original_serialise(msg)
        spent = time.thread_time() - start
        kind = msg.WhichOneof("type")
        if kind == "delta":
            delta = msg.delta.WhichOneof("type")
            kind = f"delta.{delta}"
            if delta == "new_element":
                kind += "." + str(msg.delta.new_element.WhichOneof("type"))
        with lock:
            counts["messages"] += 1
            counts["bytes"] += len(data)
            counts["serialise_cpu"] += spent
            counts["kinds"][kind] += 1
        return data

    def _write() -> None:
        with lock:
            snapshot = {**counts, "kinds": dict(counts["kinds"])}
        partial = stats_path.with_suffix(f".{threading.get_ident()}.part")
        partial.write_text(json.dumps(snapshot))
        os.replace(partial, stats_path)  # whole or not at all: the measuring side reads it

    def _dump_profile() -> None:
        if profiles:
            merged = profiles[0]
            for more in profiles[1:]:
                merged.add(more)
            merged.dump_stats(str(stats_path) + ".prof")

    script_runner.ScriptRunner._run_script = run_script  # type: ignore[method-assign]
    starlette_websocket.serialize_forward_msg = serialise  # type: ignore[assignment]
    runtime_util.serialize_forward_msg = serialise  # type: ignore[assignment]
    atexit.register(_dump_profile)
    _write()


def serve(argv: list[str]) -> None:
    """`streamlit run ...` with the counters installed."""
    from streamlit.web import cli

    _install(Path(os.environ[STATS]), os.environ.get(PROFILE) == "1")
    sys.argv = ["streamlit", "run", *argv]
    cli.main()


# --- The measuring side -------------------------------------------------------------------------


def _server_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _drive(base: str, pid: int, stats: Path, changes: int) -> dict[str, Any]:
    import httpx

    from benchmarks.bench_load import INDUSTRIES, TIMEOUT, _check_page
    from benchmarks.streamlit_protocol import Session, sign_in, string_state

    async with httpx.AsyncClient(timeout=TIMEOUT) as http:
        session = Session(base, http, timeout=TIMEOUT)
        screen = await session.open("call-prep?company=Prospect+0&industry=Healthcare")
        await sign_in(session, screen, "rep0")
        page = await session.open("")
        _check_page(session, page, "rep0")
        for warm in range(3):  # every industry's first view builds what it needs once
            industry = session.widgets["industry"]
            page = await session.rerun(
                [string_state(industry, INDUSTRIES[warm])], fragment_id=industry.fragment_id
            )
        Path(str(stats) + ".reset").touch()
        before, cpu = json.loads(stats.read_text()), _server_cpu(pid)
        walls = []
        for change in range(changes):
            target = INDUSTRIES[(change + 1) % len(INDUSTRIES)]
            industry = session.widgets["industry"]
            page = await session.rerun(
                [string_state(industry, target)], fragment_id=industry.fragment_id
            )
            _check_page(session, page, "rep0")
            walls.append(page.finished - page.started)
        time.sleep(0.5)  # the last messages' counters are written after the client has them
        after, cpu_after = json.loads(stats.read_text()), _server_cpu(pid)
        await session.close()
    kinds = Counter(after["kinds"])
    kinds.subtract(before["kinds"])
    return {
        "changes": changes,
        "process_ms": 1000 * (cpu_after - cpu) / changes,
        "script_ms": 1000 * (after["script_cpu"] - before["script_cpu"]) / changes,
        "serialise_ms": 1000 * (after["serialise_cpu"] - before["serialise_cpu"]) / changes,
        "runs": (after["runs"] - before["runs"]) / changes,
        "messages": (after["messages"] - before["messages"]) / changes,
        "bytes": (after["bytes"] - before["bytes"]) / changes,
        "kinds": {k: v / changes for k, v in kinds.most_common() if v},
        "wall_ms_median": 1000 * sorted(walls)[len(walls) // 2],
    }


def _print_profile(path: Path) -> None:
    import pstats

    if not path.exists():
        print("  (no profile written)")
        return
    stats = pstats.Stats(str(path))
    by_package: Counter[str] = Counter()
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_package[_package(filename)] += own
    total = sum(by_package.values())
    print("  script thread's own time by package (cProfile):")
    for package, own in by_package.most_common(14):
        print(f"    {package:<40} {100 * own / total:5.1f}%")
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def _package(filename: str) -> str:
    if "site-packages/" in filename:
        parts = filename.split("site-packages/", 1)[1].split("/")
        return "/".join(parts[:3]) if parts[0] == "streamlit" else parts[0]
    root = str(Path(__file__).resolve().parents[1]) + "/"
    if filename.startswith(root):
        return "/".join(filename[len(root) :].split("/")[:2])
    return filename if filename.startswith("<") else "python"


def main() -> None:
    import tempfile

    from benchmarks.bench_load import _databases, _library
    from tests import servers

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    changes = int(args[0]) if args else 20
    profiling = "--profile" in sys.argv
    print(f"load average at the start: {Path('/proc/loadavg').read_text().strip()}")
    for name in _databases():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            stats = folder / "stats.json"
            users = [{"sub": "rep0", "email": "rep0@acme.com", "name": "Rep 0"}]
            with (
                _library(folder, name, 1) as url,
                servers.oidc_provider_server(folder, users) as provider,
            ):
                port = servers.free_port()
                base = f"http://127.0.0.1:{port}"
                secrets = servers.auth_secrets(folder, base, provider.base)
                command = [
                    sys.executable, "-m", "benchmarks.rerun_profile", "serve",
                    str(servers.ROOT / "app.py"),
                    "--server.headless", "true", "--server.port", str(port),
                    "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
                    "--server.fileWatcherType", "none", "--secrets.files", str(secrets),
                ]  # fmt: skip
                env = {**os.environ, "DATABASE_URL": url, STATS: str(stats),
                       PROFILE: "1" if profiling else "0"}  # fmt: skip
                with servers._serving(
                    command, f"{base}/_stcore/health", folder / "app.log", env
                ) as process:
                    figures = asyncio.run(_drive(base, process.pid, stats, changes))
            print(f"== {name}: per profile change, one rep alone ({changes} changes)")
            for key, value in figures.items():
                if key == "kinds":
                    print("  messages by kind:")
                    for kind, n in value.items():
                        print(f"    {kind:<40} {n:6.1f}")
                else:
                    print(f"  {key:<20} {value:10.2f}")
            if profiling:
                _print_profile(Path(str(stats) + ".prof"))
    print(f"load average at the end: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2:])
    else:
        main()
