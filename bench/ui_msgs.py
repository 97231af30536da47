"""What one questionnaire click sends the browser: each ForwardMsg (kind, element, delta path,
bytes), with click-to-settled and Chromium main-thread time per click.

Each script run costs the browser whole-page renders (a new session, "running", "finished",
"not running": each re-renders every element of the page), whatever its deltas; this shows how
many runs and deltas a click makes. A callback's keyed ``st.rerun([...])`` shows as two runs: the
interaction's own run, ended early (script_finished 2), then the keyed one (script_finished 3).

.venv/bin/python bench/ui_msgs.py [TREE] [N]   (BENCH_UI_PORT, default 8761; TREE defaults to this one)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ui import OPTIONS, SETTLE_JS, WS_HOOK_JS, _metrics  # noqa: E402
from bench.ui_multi import start_in  # noqa: E402
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def describe(payload: bytes) -> str:
    """One ForwardMsg in a line: its kind, the element or block a delta carries and where, its size."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    m = ForwardMsg()
    m.ParseFromString(payload)
    kind = m.WhichOneof("type") or "?"
    extra = ""
    if kind == "delta":
        dk = m.delta.WhichOneof("type")
        if dk == "new_element":
            extra = m.delta.new_element.WhichOneof("type") or ""
            if extra == "exception":
                extra += ": " + m.delta.new_element.exception.message[:200]
        elif dk == "add_block":
            extra = "block:" + (m.delta.add_block.WhichOneof("type") or "")
        else:
            extra = dk or ""
        extra += " at " + ",".join(map(str, m.metadata.delta_path))
    elif kind == "script_finished":
        extra = str(m.script_finished)  # 2: ended early for a rerun, 3: a fragment run
    elif kind == "session_status_changed":
        extra = f"running={m.session_status_changed.script_is_running}"
    return f"{kind} {extra} ({len(payload)} B)"


def main() -> None:
    from playwright.sync_api import sync_playwright

    tree = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    port = int(os.environ.get("BENCH_UI_PORT", "8761"))
    env = dict(os.environ, MIXDECIDE_DB_PATH=str(Path(tempfile.mkdtemp()) / "msgs.db"))
    env.pop("DATABASE_URL", None)
    server = start_in(tree / "app.py", env, port)
    frames: list[bytes] = []
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = b.new_context(viewport={"width": 1280, "height": 720})
            ctx.add_init_script(WS_HOOK_JS)
            page = ctx.new_page()
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())
                ),
            )
            page.goto(f"http://127.0.0.1:{port}/assess")
            page.get_by_text(OPTIONS[0], exact=True).first.wait_for(timeout=200000)
            page.wait_for_timeout(1500)
            print("elements on the page:", page.evaluate("document.getElementsByTagName('*').length"))
            cdp = ctx.new_cdp_session(page)
            cdp.send("Performance.enable")
            for i in range(n):
                frames.clear()
                page.evaluate(SETTLE_JS)
                m0 = _metrics(cdp)
                label = OPTIONS[(i + 1) % len(OPTIONS)]
                page.get_by_text(label, exact=True).first.click()
                took = page.evaluate("window.__settled.then(t => t - window.__clickAt)")
                m1 = _metrics(cdp)
                runs = sum(1 for f in frames if describe(f).startswith("new_session"))
                print(
                    f"click {i} ({label[:30]}): settled {took:.0f} ms, main-thread tasks "
                    f"{(m1['TaskDuration'] - m0['TaskDuration']) * 1000:.0f} ms, "
                    f"{len(frames)} messages, {runs} script run(s)"
                )
                for f in frames:
                    print("   ", describe(f))
                page.wait_for_timeout(100)
            b.close()
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
