"""A light Streamlit client: the browser's side of the websocket protocol, without a browser.

Twenty-five headless Chromium pages on a 2-core machine mostly measure Chromium (each one
renders React, lays out, runs its JavaScript), not the app server. This client speaks what the
frontend speaks to the server: the XSRF cookie from any HTTP answer, the websocket
`/_stcore/stream` (the XSRF token in the subprotocol header, as the frontend sends it), a
`BackMsg.rerun_script` carrying the page, the query string, the URL and the widget states,
and the `ForwardMsg`s back (elements, the page and query string the server chose, the end of
the run). Team-mode sign-in is the real redirect flow over HTTP: `st.login` sends the client
to `/auth/login`, the provider's form is posted, the callback sets Streamlit's signed cookie,
which the next websocket carries.

It keeps only what the benchmark needs: the widgets of the last run by their keys, the
labels of the elements drawn, exceptions, and when each arrived.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

XSRF_COOKIE = "_streamlit_xsrf"
FINISHED = ForwardMsg.ScriptFinishedStatus
# A run that ended this way is followed by another one the server starts by itself
# (st.rerun, st.switch_page, a callback asking for a rerun): wait for that one.
RERUN_FOLLOWS = FINISHED.Value("FINISHED_EARLY_FOR_RERUN")
DONE = FINISHED.Value("FINISHED_SUCCESSFULLY")
FRAGMENT_DONE = FINISHED.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")


class ProtocolError(RuntimeError):
    """The server answered something a browser would not have gone on from."""


@dataclass
class Widget:
    """One widget drawn in a run: its id (what a rerun names it by), kind and label."""

    id: str
    kind: str
    label: str
    fragment_id: str = ""  # the fragment it was drawn in: a change to it reruns only that


@dataclass
class Run:
    """What one script run sent back."""

    started: float  # perf_counter when the rerun was asked for
    finished: float = 0.0
    status: int = -1
    widgets: dict[str, Widget] = field(default_factory=dict)  # by user key
    exceptions: list[str] = field(default_factory=list)
    auth_redirect: str = ""
    first_seen: dict[str, float] = field(default_factory=dict)  # user key -> perf_counter
    deferred_files: dict[str, str] = field(default_factory=dict)  # download key -> file id
    fragment_only: bool = False  # the run was one fragment's own (the rest of the page stood)
    expanders: list[str] = field(default_factory=list)  # the labels of the expanders drawn

    def keys_starting(self, prefix: str) -> list[Widget]:
        return [w for key, w in self.widgets.items() if key.startswith(prefix)]


def _user_key(widget_id: str) -> str:
    """The key the script gave a widget: the end of Streamlit's `$$ID-<hash>-<key>` id."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[2] != "None" else widget_id


async def xsrf_cookie(http: httpx.AsyncClient, base: str) -> str:
    """Streamlit's XSRF cookie, as any page load gets it (here from the health check)."""
    response = await http.get(f"{base}/_stcore/health")
    response.raise_for_status()
    value = http.cookies.get(XSRF_COOKIE)
    if not value:
        raise ProtocolError("the server set no XSRF cookie: is server.enableXsrfProtection off?")
    return value


class Session:
    """One browser tab: a websocket session on one page, rerun with widget changes."""

    def __init__(self, base: str, http: httpx.AsyncClient, *, timeout: float) -> None:
        self.base = base
        self.http = http
        self.timeout = timeout
        self.query_string = ""
        self.page_name = ""
        self.page_script_hash = ""
        self.session_id = ""  # the server's id of this session (a download names it)
        # Every widget on the page by its key, as the browser keeps them: a fragment's rerun
        # sends only the fragment's, the rest of the page stands.
        self.widgets: dict[str, Widget] = {}
        self._ws: ClientConnection | None = None

    async def open(self, path: str) -> Run:
        """Connect (with this client's cookies) and run the page `path` (`call-prep?x=y`)."""
        page, _, query = path.partition("?")
        self.page_name, self.query_string = page.strip("/"), query
        xsrf = self.http.cookies.get(XSRF_COOKIE) or await xsrf_cookie(self.http, self.base)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)
        ws_base = "ws" + self.base.removeprefix("http")
        self._ws = await connect(
            f"{ws_base}/_stcore/stream",
            origin=self.base,  # type: ignore[arg-type]
            subprotocols=["streamlit", xsrf],  # type: ignore[list-item]
            additional_headers={"Cookie": cookies},
            compression=None,
            max_size=None,
            open_timeout=self.timeout,
        )
        return await self.rerun()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def rerun(
        self,
        states: list[WidgetState] | None = None,
        *,
        until: Callable[[Run], bool] | None = None,
        fragment_id: str = "",
    ) -> Run:
        """Ask for a rerun with these widget states (the rest keep their values on the
        server) and read until the run ends (and any rerun it asked for), or until `until`
        says the run shows what the caller waits for. `fragment_id`: the fragment of the
        changed widget (`Widget.fragment_id`), which the browser reruns alone."""
        if self._ws is None:
            raise ProtocolError("the session is not open")
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query_string
        client.page_name = self.page_name
        client.page_script_hash = self.page_script_hash
        client.context_info.url = self._url()
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-US"
        client.widget_states.widgets.extend(states or [])
        client.fragment_id = fragment_id
        run = Run(started=time.perf_counter())
        await self._ws.send(message.SerializeToString())
        return await asyncio.wait_for(self._read(run, until), self.timeout)

    async def download(self, file_id: str) -> str:
        """Press a download button whose bytes are made when clicked (its
        `Run.deferred_files` id): the server runs the button's callable and answers with the
        file's URL, which is fetched; returns the file's text."""
        if self._ws is None:
            raise ProtocolError("the session is not open")
        message = BackMsg()
        request = message.backend_operation_request
        request.request_id = f"download-{file_id}"
        request.session_id = self.session_id
        request.deferred_file.file_id = file_id
        await self._ws.send(message.SerializeToString())

        async def answer() -> str:
            assert self._ws is not None
            while True:
                data = await self._ws.recv()
                msg = ForwardMsg()
                msg.ParseFromString(data)
                if msg.WhichOneof("type") != "backend_operation_response":
                    continue
                response = msg.backend_operation_response
                if response.error_msg:
                    raise ProtocolError(f"the download failed: {response.error_msg}")
                return response.deferred_file.url

        url = await asyncio.wait_for(answer(), self.timeout)
        got = await self.http.get(urljoin(self.base + "/", url.lstrip("/")))
        got.raise_for_status()
        return got.text

    def _url(self) -> str:
        page = f"{self.base}/{self.page_name}"
        return f"{page}?{self.query_string}" if self.query_string else page

    async def _read(self, run: Run, until: Callable[[Run], bool] | None) -> Run:
        assert self._ws is not None
        while True:
            data = await self._ws.recv()
            if isinstance(data, str):
                raise ProtocolError(f"a text frame from the server: {data[:80]}")
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                self._take_delta(run, msg)
            elif kind == "new_session":
                self.page_script_hash = msg.new_session.page_script_hash
                self.session_id = msg.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "auth_redirect":
                run.auth_redirect = msg.auth_redirect.url
            elif kind == "page_not_found":
                run.exceptions.append(f"page not found: {msg.page_not_found.page_name}")
            elif kind == "script_finished":
                run.status = msg.script_finished
                run.fragment_only = run.status == FRAGMENT_DONE
                if run.status != RERUN_FOLLOWS:
                    run.finished = time.perf_counter()
                    self.widgets.update(run.widgets)
                    return run
            if until is not None and until(run):
                return run

    @staticmethod
    def _take_delta(run: Run, msg: ForwardMsg) -> None:
        if msg.delta.WhichOneof("type") == "add_block":
            if msg.delta.add_block.WhichOneof("type") == "expandable":
                run.expanders.append(msg.delta.add_block.expandable.label)
            return
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        body = getattr(element, kind)
        if kind == "exception":
            run.exceptions.append(f"{body.type}: {body.message}"[:300])
            return
        widget_id = getattr(body, "id", "")
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
            key = _user_key(widget_id)
            label = str(getattr(body, "label", ""))
            run.widgets[key] = Widget(widget_id, kind, label, msg.delta.fragment_id)
            run.first_seen.setdefault(key, time.perf_counter())
            if kind == "download_button" and body.deferred_file_id:
                run.deferred_files[key] = body.deferred_file_id


def string_state(widget: Widget, value: str) -> WidgetState:
    """A selectbox's (or text input's) new value, as the frontend sends it."""
    state = WidgetState(id=widget.id)
    state.string_value = value
    return state


def trigger_state(widget: Widget) -> WidgetState:
    """A button press."""
    state = WidgetState(id=widget.id)
    state.trigger_value = True
    return state


async def sign_in(session: Session, screen: Run, user: str, *, button_key: str = "sign-in") -> None:
    """Sign in from the sign-in screen `session` shows (its last run, `screen`): press its
    button, follow `st.login`'s redirect to the provider, post the provider's form for `user`
    (oidc-provider-mock: one button per predefined user), and follow the callback that sets
    Streamlit's signed cookie in `session.http`. The session's websocket is closed; `open` a
    new one after, as the browser loads the page the callback sends it to."""
    button = screen.widgets.get(button_key)
    if button is None:
        raise ProtocolError(f"no '{button_key}' button on the page: {sorted(screen.widgets)}")
    pressed = await session.rerun([trigger_state(button)], until=lambda r: bool(r.auth_redirect))
    if not pressed.auth_redirect:
        raise ProtocolError("pressing Sign in did not redirect to the provider")
    await session.close()
    http = session.http
    login = await http.get(urljoin(session.base + "/", pressed.auth_redirect.lstrip("/")))
    authorize = _redirect(login, "the login route")
    form = await http.get(authorize)
    if form.status_code != 200:
        raise ProtocolError(f"the provider's form answered {form.status_code}: {form.text[:200]}")
    posted = await http.post(authorize, data={"sub": user})
    callback = _redirect(posted, "the provider")
    if urlsplit(callback).netloc != urlsplit(session.base).netloc:
        raise ProtocolError(f"the provider sent the browser elsewhere: {callback}")
    landed = await http.get(callback)
    _redirect(landed, "the callback")
    if not any(c.name.startswith("_streamlit_user") for c in http.cookies.jar):
        raise ProtocolError("the callback set no _streamlit_user cookie: sign-in failed")


def _redirect(response: httpx.Response, who: str) -> str:
    if response.status_code not in (301, 302, 303, 307, 308):
        raise ProtocolError(f"{who} answered {response.status_code}, not a redirect")
    return urljoin(str(response.request.url), response.headers["location"])
