"""A minimal Streamlit client over the WebSocket, as the browser speaks it: what a crowd of
participants costs the server without the cost of 50 browsers on the same machine.

It opens ``/_stcore/stream``, asks for a page run (``BackMsg.rerun_script``), keeps every widget's
current value (keyed by the widget's user key, which Streamlit appends to the widget id), sends
them all back on each run like the frontend does, and re-runs ``st.fragment(run_every=...)``
fragments on the interval the server announces (``ForwardMsg.auto_rerun``), as the frontend does.
Only the element types the participant page uses are understood (radio, number input, checkbox,
button); everything else is counted and ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FULL_RUN_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY}  # not FINISHED_EARLY_FOR_RERUN: st.rerun() follows
FAILED = ForwardMsg.FINISHED_WITH_COMPILE_ERROR


@dataclass
class Widget:
    id: str
    kind: str  # radio | number_input | checkbox | button
    value: Any = None
    fragment_id: str = ""  # the st.fragment the widget is drawn in: a change reruns only that
    options: tuple[str, ...] = ()


@dataclass
class StClient:
    """One browser tab on one page of a running app."""

    base: str  # ws://127.0.0.1:PORT
    page: str  # url path of the page, e.g. "join"
    query: str = ""
    page_hash: str = ""  # the page the server last ran (new_session), sent back as the browser does
    widgets: dict[str, Widget] = field(default_factory=dict)  # user key -> widget
    exceptions: list[str] = field(default_factory=list)
    fragment_runs: int = 0
    _ws: Any = None
    _reader: asyncio.Task[None] | None = None
    _timers: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    _done: asyncio.Event = field(default_factory=asyncio.Event)
    _full_runs: int = 0
    _watch: str = ""  # widget id whose redraw, then the end of its run, confirms a change
    _seen: bool = False

    async def connect(self) -> None:
        self._ws = await websockets.connect(
            f"{self.base}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=60,
            ping_interval=None,  # a browser does not ping: an overloaded server must not drop us for it
        )
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        for t in self._timers.values():
            t.cancel()
        if self._reader:
            self._reader.cancel()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()

    # --- runs -------------------------------------------------------------------------------------

    def _back(self, *, fragment_id: str = "", auto: bool = False, trigger: str | None = None) -> bytes:
        msg = BackMsg()
        rs = msg.rerun_script
        rs.query_string = self.query
        rs.page_name = self.page
        rs.page_script_hash = self.page_hash
        rs.context_info.url = f"{self.base.replace('ws', 'http', 1)}/{self.page}?{self.query}"
        rs.context_info.timezone = "America/Toronto"
        rs.context_info.locale = "en-CA"
        if fragment_id:
            rs.fragment_id = fragment_id
            rs.is_auto_rerun = auto
        for key, w in self.widgets.items():
            if w.kind == "button":
                if key == trigger:
                    rs.widget_states.widgets.add(id=w.id, trigger_value=True)
                continue
            ws = rs.widget_states.widgets.add(id=w.id)
            if w.value is None:
                continue  # no selection: the id alone, as the frontend sends it
            if w.kind == "radio":
                ws.string_value = str(w.value)  # the option's label
            elif w.kind == "number_input":
                ws.double_value = float(w.value)
            elif w.kind == "checkbox":
                ws.bool_value = bool(w.value)
        return msg.SerializeToString()

    async def run(self, timeout: float = 120, trigger: str | None = None) -> float:
        """Ask for a whole-page run (with the widgets as they are) and wait for it to finish;
        returns the seconds it took."""
        self._done.clear()
        before = self._full_runs
        t0 = time.perf_counter()
        await self._ws.send(self._back(trigger=trigger))
        while self._full_runs == before:
            await asyncio.wait_for(self._done.wait(), timeout)
            self._done.clear()
        return time.perf_counter() - t0

    async def set_and_run(self, key: str, value: Any, timeout: float = 120) -> float:
        """Change one widget (what a click does) and time the run it causes: until the widget has
        been drawn again and that run (the whole page, or the widget's fragment) has finished."""
        w = self.widgets[key]
        w.value = value
        self._done.clear()
        self._watch, self._seen = w.id, False
        t0 = time.perf_counter()
        await self._ws.send(self._back(fragment_id=w.fragment_id))
        try:
            await asyncio.wait_for(self._done.wait(), timeout)
        finally:
            self._watch = ""
        return time.perf_counter() - t0

    async def _auto(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            with contextlib.suppress(Exception):
                await self._ws.send(self._back(fragment_id=fragment_id, auto=True))

    # --- messages ---------------------------------------------------------------------------------

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except (asyncio.CancelledError, websockets.ConnectionClosed):
            return

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "new_session" and msg.new_session.page_script_hash:
            self.page_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            fid, every = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            if fid not in self._timers:
                self._timers[fid] = asyncio.create_task(self._auto(fid, every))
        elif kind == "script_finished":
            if msg.script_finished in FULL_RUN_DONE:
                self._full_runs += 1
            else:
                self.fragment_runs += 1
            if not self._watch or self._seen:
                self._done.set()

    def _element(self, el: Any, fragment_id: str) -> None:
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:300])
            return
        if kind not in ("radio", "number_input", "checkbox", "button"):
            return
        proto = getattr(el, kind)
        wid = proto.id
        key = wid.rsplit("-", 1)[-1] if wid.startswith("$$ID") else wid
        old = self.widgets.get(key)
        if wid == self._watch:
            self._seen = True
        w = Widget(id=wid, kind=kind, fragment_id=fragment_id)
        if kind == "radio":
            w.options = tuple(proto.options)
            if proto.set_value:  # the value the script set (None: nothing selected)
                w.value = proto.raw_value if proto.HasField("raw_value") else None
            elif proto.HasField("default"):
                w.value = w.options[proto.default]
        elif kind == "number_input":
            w.value = (
                proto.value if proto.set_value else (proto.default if proto.HasField("default") else None)
            )
        elif kind == "checkbox":
            w.value = proto.value if proto.set_value else proto.default
        if old is not None and old.id == wid and not getattr(proto, "set_value", False):
            w.value = old.value  # the client's value stands unless the script set one
        self.widgets[key] = w
