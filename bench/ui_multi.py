"""Paired round-robin of several app trees and the one-widget floor: each tree's /assess and the
floor are clicked in turn (tree 1, tree 2, ..., floor, tree 1, ...), so a shared machine's load hits
each alike. Per tree: click-to-settled, Chromium main-thread tasks and script (CDP), Chromium CPU
of all its processes (/proc; one page clicks at a time, so the difference is that click's, plus the
~300 ms of quiet SETTLE_JS waits for, the same for every tree), and messages per click.

Also first load, in turn as well (LOADS per tree, default 5).

An A/B of a change: an export of main and this tree (`bench/ui_multi.py /tmp/main-export .`).
To strip candidates one at a time: copy the tree, remove one part of the page in each copy, and
pass the copies (and an unchanged one) here.

.venv/bin/python bench/ui_multi.py TREE [TREE ...]   (BENCH_UI_PORT: first port, default 8761;
N clicks per tree, default 25)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ui import FLOOR_APP, OPTIONS, SETTLE_JS, WS_HOOK_JS, _metrics, browser_cpu_ms, pct, start  # noqa: E402
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    trees = [Path(a).resolve() for a in sys.argv[1:]]
    n = int(os.environ.get("N", "25"))
    port = int(os.environ.get("BENCH_UI_PORT", "8761"))
    tmp = Path(tempfile.mkdtemp())
    (tmp / "floor.py").write_text(FLOOR_APP)
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    servers, targets = [], []
    for i, script in enumerate([t / "app.py" for t in trees] + [tmp / "floor.py"]):
        floor = script.name == "floor.py"
        name = "floor" if floor else f"{i}:{script.parent.name}"
        servers.append(start_in(script, dict(env, MIXDECIDE_DB_PATH=str(tmp / f"{i}.db")), port + i))
        url = f"http://127.0.0.1:{port + i}" + ("/" if floor else "/assess")
        targets.append((name, url, ["alpha", "beta", "gamma"] if floor else OPTIONS))
    out: dict[str, dict[str, list[float]]] = {
        t[0]: {"settled": [], "tasks": [], "script": [], "cpu": [], "msgs": []} for t in targets
    }
    print("load average before:", " ".join(f"{x:.1f}" for x in os.getloadavg()))
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = []
            for name, url, labels in targets:
                ctx = b.new_context(viewport={"width": 1280, "height": 720})
                ctx.add_init_script(WS_HOOK_JS)
                pg = ctx.new_page()
                count = [0]

                def on_ws(ws, count=count):  # type: ignore[no-untyped-def]
                    ws.on("framereceived", lambda _f: count.__setitem__(0, count[0] + 1))

                pg.on("websocket", on_ws)
                pg.goto(url)
                pg.get_by_text(labels[0], exact=True).first.wait_for(timeout=200000)
                cdp = ctx.new_cdp_session(pg)
                cdp.send("Performance.enable")
                pages.append((name, pg, cdp, labels, count))
            time.sleep(2)
            loads: dict[str, list[float]] = {name: [] for name, _, _ in targets}
            for _ in range(int(os.environ.get("LOADS", "5"))):
                for name, url, labels in targets:
                    ctx = b.new_context(viewport={"width": 1280, "height": 720})
                    pg = ctx.new_page()
                    t = time.perf_counter()
                    pg.goto(url)
                    pg.get_by_text(labels[0], exact=True).first.wait_for(timeout=60000)
                    pg.wait_for_function(
                        "() => document.querySelector('[data-testid=stApp]').dataset.testScriptState"
                        " === 'notRunning'"
                    )
                    loads[name].append((time.perf_counter() - t) * 1000)
                    ctx.close()
            for name, pg, *_ in pages:
                print(f"  {name:<24} elements {pg.evaluate('document.getElementsByTagName(`*`).length')}")
            for i in range(n):
                for name, pg, cdp, labels, count in pages:
                    pg.evaluate(SETTLE_JS)
                    m0, c0 = _metrics(cdp), browser_cpu_ms()
                    count[0] = 0
                    pg.get_by_text(labels[(i + 1) % len(labels)], exact=True).first.click()
                    took = pg.evaluate(
                        "Promise.race([window.__settled.then(t => t - window.__clickAt),"
                        " new Promise(r => setTimeout(() => r(null), 15000))])"
                    )
                    m1, c1 = _metrics(cdp), browser_cpu_ms()
                    if i >= 3 and took is not None:  # the first three warm up
                        o = out[name]
                        o["settled"].append(took)
                        o["tasks"].append((m1["TaskDuration"] - m0["TaskDuration"]) * 1000)
                        o["script"].append((m1["ScriptDuration"] - m0["ScriptDuration"]) * 1000)
                        o["cpu"].append(c1 - c0)
                        o["msgs"].append(count[0])
                    pg.wait_for_timeout(50)
            b.close()
    finally:
        for s in servers:
            s.terminate()
    print("load average after:", " ".join(f"{x:.1f}" for x in os.getloadavg()))
    floor = out["floor"]["settled"]
    for name, f in out.items():
        s = f["settled"]
        print(
            f"  {name:<24} settled p50 {pct(s, 50):6.0f} p95 {pct(s, 95):6.0f} ms | tasks p50 {pct(f['tasks'], 50):5.0f}"
            f" p95 {pct(f['tasks'], 95):5.0f} | script p50 {pct(f['script'], 50):5.0f} | Chromium CPU p50"
            f" {pct(f['cpu'], 50):5.0f} mean {sum(f['cpu']) / len(f['cpu']):5.0f} | messages p50"
            f" {pct(f['msgs'], 50):.0f} max {max(f['msgs']):.0f} | / floor p50 {pct(s, 50) / pct(floor, 50):.1f}x"
            f" p95 {pct(s, 95) / pct(floor, 95):.1f}x (n={len(s)})"
        )
    for name, vals in loads.items():
        if vals:
            print(
                f"  {name:<24} first load p50 {pct(vals, 50):6.0f} p95 {pct(vals, 95):6.0f} ms (n={len(vals)})"
            )


def start_in(script: Path, env: dict, port: int):  # type: ignore[no-untyped-def]
    """bench.ui.start, run from the script's own tree (its pages/ and data/)."""
    import bench.ui as ui

    saved = ui.ROOT
    ui.ROOT = script.parent if script.name == "app.py" else ROOT
    try:
        return start(script, env, port)
    finally:
        ui.ROOT = saved


if __name__ == "__main__":
    main()
