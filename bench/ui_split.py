"""Where a questionnaire click's time goes: server (callback + run) vs browser, per click.

Runs the app under a Streamlit whose script runner logs each run (wall and thread-CPU time of
the callbacks and of the whole run, which fragments ran, how many messages it sent), clicks
need_clarity through its options as bench/ui.py does, and prints per click: click-to-settled,
server run time, bytes the browser received, and Chromium main-thread time.

Run from the project root: .venv/bin/python bench/ui_split.py  (BENCH_UI_PORT, default 8761)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ui import OPTION_IDS, OPTIONS, SETTLE_JS, WS_HOOK_JS, _metrics, pct  # noqa: E402
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# Patched into the server: one JSON line per script run.
WRAPPER = r"""
import json, os, sys, time
from streamlit.runtime.scriptrunner import script_runner as sr
from streamlit.runtime.state import session_state as ssm

LOG = open(os.environ["UI_SPLIT_LOG"], "a", buffering=1)
_cb = {}
_orig_cb = ssm.SessionState.on_script_will_rerun
def on_script_will_rerun(self, *a, **k):
    t, c = time.perf_counter(), time.thread_time()
    try:
        return _orig_cb(self, *a, **k)
    finally:
        _cb["wall"] = (time.perf_counter() - t) * 1000
        _cb["cpu"] = (time.thread_time() - c) * 1000
ssm.SessionState.on_script_will_rerun = on_script_will_rerun

_orig_exec = sr.exec_func_with_error_handling
def exec_func(func, ctx):
    _cb.clear()
    sent = [0]
    orig_enqueue = ctx._enqueue
    def enqueue(msg):
        sent[0] += 1
        return orig_enqueue(msg)
    ctx._enqueue = enqueue
    t, c = time.perf_counter(), time.thread_time()
    try:
        return _orig_exec(func, ctx)
    finally:
        LOG.write(json.dumps({
            "t": time.time() * 1000,
            "wall": (time.perf_counter() - t) * 1000,
            "cpu": (time.thread_time() - c) * 1000,
            "cb_wall": _cb.get("wall", 0.0),
            "cb_cpu": _cb.get("cpu", 0.0),
            "fragments": list(ctx.fragment_ids_this_run or []),
            "msgs": sent[0],
        }) + "\n")
sr.exec_func_with_error_handling = exec_func

from streamlit.web import cli
sys.argv = ["streamlit", "run", *sys.argv[1:]]
cli.main()
"""

# Counts what the browser receives per click.
WS_BYTES_JS = """
(() => {
  const Native = window.WebSocket;
  window.__wsBytes = 0; window.__wsCount = 0;
  class Counted extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        window.__wsCount += 1;
        window.__wsBytes += (e.data.byteLength ?? e.data.size ?? e.data.length ?? 0);
      });
    }
  }
  window.WebSocket = Counted;
})();
"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = int(os.environ.get("BENCH_UI_PORT", "8761"))
    log = Path(tempfile.mkdtemp()) / "runs.jsonl"
    wrapper = log.parent / "wrapper.py"
    wrapper.write_text(WRAPPER)
    env = dict(os.environ, UI_SPLIT_LOG=str(log), MIXDECIDE_DB_PATH=str(log.parent / "split.db"))
    env.pop("DATABASE_URL", None)
    srv = subprocess.Popen(
        [sys.executable, str(wrapper), str(ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    n = int(os.environ.get("UI_SPLIT_CLICKS", "24"))
    rows = []
    try:
        import urllib.request

        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = b.new_context(viewport={"width": 1280, "height": 720})
            ctx.add_init_script(WS_HOOK_JS)
            ctx.add_init_script(WS_BYTES_JS)
            page = ctx.new_page()
            t = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/assess")
            page.get_by_text(OPTIONS[0], exact=True).first.wait_for(timeout=60000)
            page.wait_for_function(
                "() => document.querySelector('[data-testid=stApp]').dataset.testScriptState === 'notRunning'"
            )
            print(f"first load (cold server): {(time.perf_counter() - t) * 1000:.0f} ms")
            page.wait_for_timeout(500)
            cdp = ctx.new_cdp_session(page)
            cdp.send("Performance.enable")
            for i in range(n):
                page.evaluate(SETTLE_JS)
                m0 = _metrics(cdp)
                b0 = page.evaluate("[window.__wsBytes, window.__wsCount]")
                mark = time.time() * 1000
                page.get_by_text(OPTIONS[(i + 1) % 4], exact=True).first.click()
                took = page.evaluate(
                    "Promise.race([window.__settled.then(t => t - window.__clickAt),"
                    " new Promise(r => setTimeout(() => r(null), 10000))])"
                )
                m1 = _metrics(cdp)
                b1 = page.evaluate("[window.__wsBytes, window.__wsCount]")
                page.wait_for_timeout(50)
                runs = [json.loads(x) for x in log.read_text().splitlines()]
                mine = [r for r in runs if r["t"] >= mark]
                rows.append(
                    {
                        "to": OPTION_IDS[(i + 1) % 4],
                        "settled": took,
                        "runs": len(mine),
                        "srv_wall": sum(r["wall"] for r in mine),
                        "srv_cpu": sum(r["cpu"] for r in mine),
                        "cb_wall": sum(r["cb_wall"] for r in mine),
                        "frags": ",".join(",".join(r["fragments"]) or "APP" for r in mine),
                        "msgs": sum(r["msgs"] for r in mine),
                        "kb": (b1[0] - b0[0]) / 1024,
                        "tasks": (m1["TaskDuration"] - m0["TaskDuration"]) * 1000,
                        "script": (m1["ScriptDuration"] - m0["ScriptDuration"]) * 1000,
                    }
                )
            elements = page.evaluate("document.getElementsByTagName('*').length")
            b.close()
    finally:
        srv.terminate()
    print(f"elements {elements}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'to':<28} {'settled':>8} {'srv wall':>8} {'cb':>6} {'srv cpu':>8} {'msgs':>5} {'KB':>6} "
          f"{'tasks':>6} {'script':>6}  fragments")  # fmt: skip
    for r in rows[3:]:
        print(
            f"{r['to']:<28} {r['settled'] or -1:8.0f} {r['srv_wall']:8.1f} {r['cb_wall']:6.1f} {r['srv_cpu']:8.1f} "
            f"{r['msgs']:5d} {r['kb']:6.1f} {r['tasks']:6.0f} {r['script']:6.0f}  {r['frags']}"
        )
    for kind, sel in (("all", rows[3:]),):
        for name in ("settled", "srv_wall", "srv_cpu", "tasks", "script", "kb"):
            vals = [r[name] for r in sel if r[name] is not None]
            print(f"  {kind} {name:<9} p50 {pct(vals, 50):7.1f}  p95 {pct(vals, 95):7.1f}")


if __name__ == "__main__":
    main()
