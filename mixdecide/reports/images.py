"""Chart images for the documents: Plotly figures drawn to PNG by kaleido in a headless Chromium.

Drawing needs a browser. Where none is installed, or drawing fails or takes too long, ``figure_png``
returns None and the document shows the chart's data table with a short note instead; the report
is never blocked by a chart. Kaleido's browser is started once per process and reused, and every
PNG is cached by the figure's content, so a report rendered in several formats draws each chart
once.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import os
import shutil
import threading
from collections import OrderedDict
from typing import Any

import plotly.graph_objects as go

log = logging.getLogger(__name__)

BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
FIRST_TIMEOUT_S = 30.0  # the first figure also starts the browser
TIMEOUT_S = 10.0
WIDTH = 900
SCALE = 2
_CACHE_SIZE = 64

_lock = threading.Lock()
_cache: OrderedDict[str, bytes] = OrderedDict()
_state: dict[str, object] = {"started": False, "broken": None}
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="mixdecide-kaleido")


CHROMIUM_ENV = "MIXDECIDE_CHROMIUM"  # the one setting for which Chromium to use (app, tests, bench)


def browser_path() -> str | None:
    """The Chromium to drive: $MIXDECIDE_CHROMIUM when it is executable, else a system Chromium."""
    env = os.environ.get(CHROMIUM_ENV)
    if env and os.access(env, os.X_OK):
        return env
    for path in BROWSER_CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable_reason() -> str | None:
    """Why charts cannot be drawn in this process, or None when they can (as far as we know)."""
    if _state["broken"]:
        return str(_state["broken"])
    if browser_path() is None:
        return f"no Chromium found (set {CHROMIUM_ENV} or install chromium)"
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return "kaleido is not installed"
    return None


_GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def css_font_family(family: str) -> str:
    """A font list with each named family quoted: unquoted "Source Sans 3" (a word starting with a
    digit) makes the whole CSS declaration invalid and the browser falls back to a serif face."""
    names = [n.strip().strip("'\"") for n in family.split(",") if n.strip()]
    return ", ".join(n if n in _GENERIC else f'"{n}"' for n in names)


def _fix_fonts(node: object) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "family" and isinstance(value, str):
                node[key] = css_font_family(value)
            else:
                _fix_fonts(value)
    elif isinstance(node, list):
        for value in node:
            _fix_fonts(value)


def _draw(fig_dict: dict[str, Any], width: int, height: int, scale: float) -> bytes:
    import kaleido

    if not _state["started"]:
        # choreographer (kaleido's browser driver) reads BROWSER_PATH to find Chromium: hand it ours.
        os.environ["BROWSER_PATH"] = browser_path() or ""
        kaleido.start_sync_server(silence_warnings=True)
        _state["started"] = True
    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    return bytes(kaleido.calc_fig_sync(fig_dict, opts=opts))


def figure_png(fig: go.Figure, *, width: int = WIDTH, scale: float = SCALE) -> bytes | None:
    """The figure as PNG bytes, or None when no browser can draw it (the caller shows the table).

    Time-boxed: a browser that hangs marks charts unavailable for the rest of the process rather
    than stalling every later report.
    """
    if unavailable_reason() is not None:
        return None
    height = int(fig.layout.height or 500)
    fig_dict = fig.to_dict()
    _fix_fonts(fig_dict.get("layout", {}))
    key = hashlib.sha256(f"{fig.to_json()}|{width}|{height}|{scale}".encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        timeout = TIMEOUT_S if _state["started"] else FIRST_TIMEOUT_S
        future = _pool.submit(_draw, fig_dict, width, height, scale)
        try:
            png = future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            _state["broken"] = f"drawing a chart took longer than {timeout:g} s"
            log.warning("chart images disabled: %s", _state["broken"])
            return None
        except Exception as exc:  # this figure falls back to its data table; the next may still draw
            log.warning("chart drawing failed: %s: %s", type(exc).__name__, exc)
            return None
        if not isinstance(png, bytes | bytearray) or not bytes(png).startswith(b"\x89PNG"):
            return None
        _cache[key] = bytes(png)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
        return _cache[key]
