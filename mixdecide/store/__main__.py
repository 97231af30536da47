"""``python -m mixdecide.store upgrade|seed|current [--url URL]``.

upgrade: migrate the database to the latest schema. seed: upgrade, then add the demo assessments
that are missing. current: print the schema revision. The URL defaults to DATABASE_URL, else the
SQLite file (MIXDECIDE_DB_PATH or data/mixdecide.db).
"""

from __future__ import annotations

import argparse
import sys

from mixdecide.pack import DEFAULT_PACK, load_pack
from mixdecide.store.db import database_url, make_engine, session_scope
from mixdecide.store.demo import seed_demo
from mixdecide.store.migrate import current_revision, head_revision, upgrade


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mixdecide.store", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["upgrade", "seed", "current"])
    parser.add_argument("--url", help="database URL (default: DATABASE_URL or the SQLite file)")
    parser.add_argument(
        "--pack", help=f"rule pack used to assess the demos (default: $MIXDECIDE_PACK, else {DEFAULT_PACK})"
    )
    args = parser.parse_args(argv)
    url = database_url(args.url)
    engine = make_engine(url)
    try:
        if args.command == "current":
            print(f"{_safe(url)}: {current_revision(engine) or 'empty'} (head: {head_revision()})")
            return 0
        upgrade(engine)
        print(f"{_safe(url)}: schema at {current_revision(engine)}")
        if args.command == "seed":
            with session_scope(engine) as session:
                created = seed_demo(session=session, pack=load_pack(args.pack))
            print(f"demo assessments added: {created}")
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
