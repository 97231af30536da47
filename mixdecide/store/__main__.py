"""``python -m mixdecide.store upgrade|seed|current|check [--url URL]``.

upgrade: migrate the database to the latest schema, saying whether it migrated or found nothing
to do. seed: upgrade, then add the demo assessments that are missing. current: print the schema
revision. check: readiness of this server's configuration (exit 0 ready, 1 not): the database
answers, its schema is this release's, and the secrets file's [auth] and [mixdecide] sections are
usable. The URL defaults to DATABASE_URL, else the SQLite file (MIXDECIDE_DB_PATH or
data/mixdecide.db).
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

from sqlalchemy import text

from mixdecide.pack import DEFAULT_PACK, load_pack
from mixdecide.store.db import ROOT, database_url, make_engine, session_scope
from mixdecide.store.demo import seed_demo
from mixdecide.store.migrate import SchemaNotCurrent, check_current, current_revision, head_revision, upgrade


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _reason(exc: BaseException) -> str:
    """The first line of a driver's error, without the SQL or the URL's password."""
    lines = [ln.strip() for ln in str(getattr(exc, "orig", None) or exc).splitlines() if ln.strip()]
    return lines[0][:300] if lines else type(exc).__name__


def secrets_files(env: dict[str, str] | None = None) -> list[Path]:
    """The secrets files Streamlit reads: STREAMLIT_SECRETS_FILES (comma-separated) or the
    project's .streamlit/secrets.toml."""
    env = dict(os.environ) if env is None else env
    raw = env.get("STREAMLIT_SECRETS_FILES", "")
    if raw.strip():
        return [Path(p.strip()) for p in raw.split(",") if p.strip()]
    return [ROOT / ".streamlit" / "secrets.toml"]


def check_auth_config(env: dict[str, str] | None = None) -> list[tuple[bool, str]]:
    """(ok, message) lines for the sign-in configuration of the secrets files."""
    from mixdecide.auth import AuthConfigError, check_auth_section, team_settings

    env = dict(os.environ) if env is None else env
    merged: dict[str, object] = {}
    explicit = bool(env.get("STREAMLIT_SECRETS_FILES", "").strip())
    for path in secrets_files(env):
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            if explicit:
                return [(False, f"secrets file {path} does not exist (STREAMLIT_SECRETS_FILES)")]
        except (OSError, tomllib.TOMLDecodeError) as exc:
            return [(False, f"secrets file {path} cannot be read: {_reason(exc)}")]
    auth = merged.get("auth")
    if not isinstance(auth, dict):
        return [(True, "sign-in: no [auth] section, single-user mode")]
    try:
        check_auth_section(auth)
        mix = merged.get("mixdecide")
        settings = team_settings(mix if isinstance(mix, dict) else {}, env=env)
    except AuthConfigError as exc:
        return [(False, f"sign-in: {exc}")]
    sources = ", ".join(f"{k} from {v}" for k, v in settings.sources.items())
    lines = [(True, "sign-in: [auth] usable"), (True, f"settings: {sources}")]
    if settings.trust_unverified_email:
        lines.append((True, "WARNING: trust_unverified_email is on (unsafe with a multi-tenant provider)"))
    return lines


def check(url: str) -> int:
    """Readiness: print one line per check, return 0 when every one passes, else 1."""
    results: list[tuple[bool, str]] = []
    engine = make_engine(url)
    try:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            results.append((True, f"database: {_safe(url)} answers"))
            try:
                check_current(engine)
                results.append((True, f"schema: at {head_revision()}"))
            except SchemaNotCurrent as exc:
                results.append((False, f"schema: {exc}"))
        except Exception as exc:  # any driver error: unreachable, refused, wrong password
            results.append((False, f"database: cannot connect to {_safe(url)}: {_reason(exc)}"))
    finally:
        engine.dispose()
    results.extend(check_auth_config())
    for ok, message in results:
        print(("ok    " if ok else "FAIL  ") + message, file=sys.stdout if ok else sys.stderr)
    ready = all(ok for ok, _ in results)
    print(
        "ready" if ready else "NOT READY: fix the FAIL lines above", file=sys.stdout if ready else sys.stderr
    )
    return 0 if ready else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mixdecide.store", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["upgrade", "seed", "current", "check"])
    parser.add_argument("--url", help="database URL (default: DATABASE_URL or the SQLite file)")
    parser.add_argument(
        "--pack", help=f"rule pack used to assess the demos (default: $MIXDECIDE_PACK, else {DEFAULT_PACK})"
    )
    args = parser.parse_args(argv)
    url = database_url(args.url)
    if args.command == "check":
        return check(url)
    engine = make_engine(url)
    try:
        if args.command == "current":
            print(f"{_safe(url)}: {current_revision(engine) or 'empty'} (head: {head_revision()})")
            return 0
        done = upgrade(engine)
        if done is None:
            print(f"{_safe(url)}: already at head {current_revision(engine)}, nothing to do")
        else:
            print(f"{_safe(url)}: migrated {done[0] or 'empty database'} → {done[1]}")
        if args.command == "seed":
            with session_scope(engine) as session:
                created = seed_demo(session=session, pack=load_pack(args.pack))
            print(f"demo assessments added: {created}")
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
