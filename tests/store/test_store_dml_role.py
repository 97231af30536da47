"""Least privilege (r15deploy F14), on PostgreSQL: the schema is owned by a migration role, the app
servers connect as a role with DML rights only, granted with exactly the SQL of deploy/README.md
("Database roles"). The app's work (sign-in, members, assessments, visibility, audit, readiness
check) runs as that role; dropping or altering a table is refused. Needs TEST_DATABASE_URL (a
superuser, to create the roles and the database)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from mixdecide.pack import load_pack
from mixdecide.store import (
    create_assessment,
    get_assessment,
    make_engine,
    member_trail,
    save_assessment,
    session_scope,
    set_role,
    set_visibility,
    sign_in,
    upgrade,
)
from mixdecide.store.db import database_url
from tests.helpers.browser import ROOT

pytestmark = pytest.mark.postgres


def readme_grants(owner: str, app: str, db: str) -> list[str]:
    """The GRANT statements of deploy/README.md's ```sql block, with this test's names."""
    readme = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", readme, re.S)
    assert block, "deploy/README.md has no ```sql block of grants"
    sql = block.group(1).replace("mixdecide_app", app).replace("mixdecide_owner", owner)
    sql = sql.replace("DATABASE mixdecide ", f"DATABASE {db} ")
    return [s.strip() for s in sql.split(";") if s.strip() and not s.strip().startswith("--")]


@pytest.fixture
def roles():
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL not set: PostgreSQL only")
    tag = uuid.uuid4().hex[:10]
    owner, app, db = f"mdx_owner_{tag}", f"mdx_app_{tag}", f"mdx_db_{tag}"
    admin = create_engine(database_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE ROLE {owner} LOGIN PASSWORD 'owner-pw'"))
        c.execute(text(f"CREATE ROLE {app} LOGIN PASSWORD 'app-pw'"))
        c.execute(text(f"CREATE DATABASE {db} OWNER {owner}"))
    url = make_url(database_url(base))
    as_owner = url.set(username=owner, password="owner-pw", database=db).render_as_string(hide_password=False)
    as_app = url.set(username=app, password="app-pw", database=db).render_as_string(hide_password=False)
    try:
        yield as_owner, as_app, owner, app, db
    finally:
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            c.execute(text(f"DROP ROLE IF EXISTS {app}"))
            c.execute(text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()


def test_the_app_works_with_dml_only_grants_and_cannot_drop_the_audit(roles):
    as_owner, as_app, owner, app, db = roles
    upgrade(as_owner)  # the deploy's migration, as the owner
    owner_engine = create_engine(as_owner)
    with owner_engine.begin() as c:
        for stmt in readme_grants(owner, app, db):
            c.execute(text(stmt))
    owner_engine.dispose()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIXDECIDE_", "STREAMLIT_"))}
    check = subprocess.run(
        [sys.executable, "-m", "mixdecide.store", "check", "--url", as_app],
        cwd=ROOT, env={**env, "STREAMLIT_SECRETS_FILES": str(ROOT / "no-such-dir" / "none.toml")},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "ok    database:" in check.stdout and "ok    schema:" in check.stdout, check

    engine = make_engine(as_app)
    try:
        upgrade(engine)  # a server started with MIGRATE_ON_START=1 by mistake: current, no DDL
        with session_scope(engine) as s:
            ida = sign_in(session=s, subject="ida", email="ida@guelph.ca", name="Ida", org="guelph",
                          admins=["sub:ida"])  # fmt: skip
            sign_in(session=s, subject="jane", email="jane@guelph.ca", name="Jane", org="guelph")
            set_role(session=s, subject="jane", role="editor", principal=ida)
            rec = create_assessment(session=s, title="Leak sensors", municipality="Guelph", department="",
                                    owner="Ida", pack=load_pack(), principal=ida)  # fmt: skip
            save_assessment(session=s, id=rec.id, answers={"solution_maturity": "prototype"},
                            expected_version=rec.version, pack=load_pack(), principal=ida)  # fmt: skip
            set_visibility(session=s, id=rec.id, visibility="organisation", principal=ida)
        with session_scope(engine, readonly=True) as s:
            assert get_assessment(session=s, id=rec.id, principal=ida).version == 3
            assert member_trail(session=s, principal=ida)[0][2] == "role_changed"
        for ddl in (
            "DROP TABLE audit_event",
            "ALTER TABLE member ADD COLUMN x int",
            "CREATE TABLE t (x int)",
        ):
            with (
                pytest.raises(ProgrammingError, match="(?i)permission denied|must be owner"),
                engine.begin() as c,
            ):
                c.execute(text(ddl))
    finally:
        engine.dispose()
