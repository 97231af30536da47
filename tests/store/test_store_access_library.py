"""Authorization matrix (store level), second part: the local case library and the municipality
profiles × {anonymous, viewer, editor, admin, other organisation}.

Local cases and profiles have no visibility setting: they are their organisation's. The people are
those of ``test_store_access`` (organisation "guelph": viewer, editor, admin; "other" is the admin
of "london", the strongest role elsewhere; anonymous is not signed in). Each cell starts from a
fresh case and profile of Guelph's and asserts what the caller gets, what is left of Guelph's rows
afterwards and what was recorded: a read outside the organisation finds nothing, a refused
deletion is exactly an unknown id (same exception, same message), a write elsewhere lands in the
caller's own organisation and leaves Guelph's untouched, and only a change that happened is audited.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import insert

from mixdecide.profile import Profile, check_profile
from mixdecide.store import (
    ANONYMOUS,
    LOCAL,
    Forbidden,
    NotFound,
    Principal,
    access,
    add_local_cases,
    delete_local_case,
    list_local_cases,
    local_case_events,
    session_scope,
    set_role,
    sign_in,
)
from mixdecide.store.db import make_engine
from mixdecide.store.migrate import upgrade
from mixdecide.store.models import LOCAL_CASE, MUNICIPALITY_PROFILE, new_id, utcnow
from mixdecide.store.profiles import delete_profile, get_profile, profile_names, profile_trail, save_profile
from tests.helpers.databases import PG_SKIP, drop_schema, pg_schema_url

PEOPLE = ("anonymous", "viewer", "editor", "admin", "other_org")
OK, HIDDEN, DENIED, ELSEWHERE = "ok", "not found", "forbidden", "own organisation only"
TIERS = [
    {"up_to": 50_000, "authority": "Director", "body": "staff"},
    {"up_to": None, "authority": "Council", "body": "council"},
]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    schema = base = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('scope') / 'scope.db'}"
    else:
        base = os.environ.get("TEST_DATABASE_URL")
        if not base:
            pytest.skip(PG_SKIP)
        url, schema = pg_schema_url(base)
    engine = make_engine(url)
    upgrade(engine)
    people: dict[str, Principal] = {"anonymous": ANONYMOUS}
    with session_scope(engine) as s:
        for key, org, email in (
            ("admin", "guelph", "ada@guelph.ca"),
            ("viewer", "guelph", "vera@guelph.ca"),
            ("editor", "guelph", "eddie@guelph.ca"),
            ("other_org", "london", "lou@london.ca"),
        ):
            p = sign_in(session=s, subject=f"sub-{key}", email=email, name=key.title(), org=org,
                        admins=("ada@guelph.ca", "lou@london.ca"))  # fmt: skip
            if key == "editor":
                set_role(session=s, subject=p.subject, role="editor", principal=people["admin"])
                p = Principal(**{**p.__dict__, "role": "editor"})
            people[key] = p
    try:
        yield {"engine": engine, "people": people}
    finally:
        engine.dispose()
        if schema and base:
            drop_schema(base, schema)


def _profile(name: str, authority: str = "Director") -> Profile:
    tiers = [{**TIERS[0], "authority": authority}, TIERS[1]]
    return check_profile(name, tiers, [{"date": "2099-05-14", "body": "council"}])


@pytest.fixture
def cell(world: dict[str, Any]) -> dict[str, Any]:
    """Guelph's fresh case (in a pack of its own) and profile (a name of its own), made by its admin."""
    engine, admin = world["engine"], world["people"]["admin"]
    tag = uuid.uuid4().hex[:10]
    pack_id, name = f"pack-{tag}", f"Town {tag}"
    with session_scope(engine) as s:
        (case_row,) = add_local_cases(
            session=s, pack_id=pack_id, cases=[{"id": "shared_x", "title": {"en": "Bins"}}], principal=admin
        )
        save_profile(session=s, profile=_profile(name), principal=admin)
    return {"engine": engine, "pack": pack_id, "name": name, "row": case_row}


def _guelph(world: dict[str, Any], c: dict[str, Any]) -> tuple[list[str], Profile | None, int, int]:
    """What is left of Guelph's: its case rows, its profile, and how many library/profile events."""
    admin = world["people"]["admin"]
    with session_scope(c["engine"], readonly=True) as s:
        return (
            [r.id for r in list_local_cases(session=s, pack_id=c["pack"], principal=admin)],
            get_profile(session=s, name=c["name"], principal=admin),
            len(local_case_events(session=s, pack_id=c["pack"], principal=admin)),
            len([e for e in profile_trail(session=s, principal=admin, limit=1000) if e.name == c["name"]]),
        )


# --- reads: members of the organisation (any role) see its rows; nobody else sees any -------------

READS: dict[str, Callable[[Any, dict[str, Any], Principal], Any]] = {
    "list_local_cases": lambda s, c, p: [r.id for r in list_local_cases(session=s, pack_id=c["pack"], principal=p)],
    "local_case_events": lambda s, c, p: [e.action for e in local_case_events(session=s, pack_id=c["pack"], principal=p)],
    "get_profile": lambda s, c, p: get_profile(session=s, name=c["name"], principal=p),
    "profile_names": lambda s, c, p: [n for n in profile_names(session=s, principal=p) if n == c["name"]],
    "profile_trail": lambda s, c, p: [e.action for e in profile_trail(session=s, principal=p) if e.name == c["name"]],
}  # fmt: skip
READERS = {"viewer", "editor", "admin"}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("name", list(READS))
def test_matrix_reads(world, cell, name, person):
    with session_scope(cell["engine"], readonly=True) as s:
        got = READS[name](s, cell, world["people"][person])
    if person in READERS:  # allowed: exactly Guelph's row
        expected = {
            "list_local_cases": [cell["row"]],
            "local_case_events": ["import"],
            "get_profile": _profile(cell["name"]),
            "profile_names": [cell["name"]],
            "profile_trail": ["saved"],
        }[name]
        assert got == expected
    else:  # refused: the same as a world without the row
        assert got in ([], None)


# --- writes: import/delete a case take an editor, save/reset a profile an admin ------------------

WRITES: dict[str, dict[str, str]] = {
    # person -> expected cell
    "add_local_cases": {"anonymous": DENIED, "viewer": DENIED, "editor": OK, "admin": OK, "other_org": ELSEWHERE},
    "delete_local_case": {"anonymous": HIDDEN, "viewer": DENIED, "editor": OK, "admin": OK, "other_org": HIDDEN},
    "save_profile": {"anonymous": DENIED, "viewer": DENIED, "editor": DENIED, "admin": OK, "other_org": ELSEWHERE},
    "delete_profile": {"anonymous": DENIED, "viewer": DENIED, "editor": DENIED, "admin": OK, "other_org": ELSEWHERE},
}  # fmt: skip


def _write(name: str, s: Any, c: dict[str, Any], p: Principal, *, id: str | None = None) -> Any:
    if name == "add_local_cases":
        new = {"id": "shared_y", "title": {"en": "Lamps"}}
        return add_local_cases(session=s, pack_id=c["pack"], cases=[new], principal=p)
    if name == "delete_local_case":
        return delete_local_case(session=s, id=id or c["row"], principal=p)
    if name == "save_profile":
        return save_profile(session=s, profile=_profile(c["name"], "Treasurer"), principal=p)
    return delete_profile(session=s, name=c["name"], principal=p)


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("name", list(WRITES))
def test_matrix_writes(world, cell, name, person):
    expected = WRITES[name][person]
    p = world["people"][person]
    before = _guelph(world, cell)
    outcome: str
    try:
        with session_scope(cell["engine"]) as s:
            _write(name, s, cell, p)
    except NotFound as exc:
        outcome = HIDDEN
        with session_scope(cell["engine"]) as s, pytest.raises(NotFound) as unknown:
            _write(name, s, cell, p, id=new_id())
        assert (type(exc), str(exc).replace(cell["row"], "ID")) == (
            type(unknown.value),
            str(unknown.value).replace(unknown.value.id, "ID"),
        )
    except Forbidden:
        outcome = DENIED
    else:
        outcome = OK
    after = _guelph(world, cell)
    if expected == ELSEWHERE:  # it worked, in the caller's own organisation: Guelph's is untouched
        assert outcome == OK and after == before
        with session_scope(cell["engine"], readonly=True) as s:
            if name == "add_local_cases":
                assert len(list_local_cases(session=s, pack_id=cell["pack"], principal=p)) == 1
            elif name == "save_profile":
                assert get_profile(session=s, name=cell["name"], principal=p) == _profile(
                    cell["name"], "Treasurer"
                )
            else:
                assert get_profile(session=s, name=cell["name"], principal=p) is None
        return
    assert outcome == expected
    if outcome != OK:
        assert after == before  # nothing changed, nothing recorded
        return
    cases, profile, case_events, profile_events = after
    assert {
        "add_local_cases": len(cases) == 2 and case_events == before[2] + 1,
        "delete_local_case": cases == [] and case_events == before[2] + 1,
        "save_profile": profile == _profile(cell["name"], "Treasurer") and profile_events == before[3] + 1,
        "delete_profile": profile is None and profile_events == before[3] + 1,
    }[name]
    admin = world["people"]["admin"]
    with session_scope(cell["engine"], readonly=True) as s:  # recorded under the signed-in identity
        if name in ("add_local_cases", "delete_local_case"):
            assert local_case_events(session=s, pack_id=cell["pack"], principal=admin)[0].actor == p.label
        else:
            last = next(e for e in profile_trail(session=s, principal=admin) if e.name == cell["name"])
            assert (last.actor, last.action) == (p.label, "saved" if name == "save_profile" else "deleted")
            assert last.old == _profile(cell["name"]).to_data()


def test_the_same_case_and_profile_name_live_side_by_side_in_two_organisations(world, cell):
    lou = world["people"]["other_org"]
    with session_scope(cell["engine"]) as s:
        add_local_cases(session=s, pack_id=cell["pack"], cases=[{"id": "shared_x"}], principal=lou)
        save_profile(session=s, profile=_profile(cell["name"], "Clerk"), principal=lou)
    with session_scope(cell["engine"], readonly=True) as s:
        (mine,) = list_local_cases(session=s, pack_id=cell["pack"], principal=lou)
        assert mine.id != cell["row"] and mine.imported_by == lou.label
        assert get_profile(session=s, name=cell["name"], principal=lou) == _profile(cell["name"], "Clerk")
        assert get_profile(session=s, name=cell["name"], principal=world["people"]["admin"]) == _profile(
            cell["name"]
        )


def test_single_user_mode_keeps_its_rows_and_team_mode_fails_closed(world, cell):
    """LOCAL works on the implicit organisation "" (what every row stored before organisations
    belongs to); it is not a window onto the organisations' rows. A page that forgets to pass the
    member in team mode sees nothing and changes nothing."""
    engine, name = cell["engine"], f"Solo {uuid.uuid4().hex[:8]}"
    with session_scope(engine) as s:  # as migration 0011 leaves a pre-organisation row: org_id ""
        s.execute(insert(LOCAL_CASE).values(id=new_id(), pack_id=cell["pack"], case_id="shared_old",
                                            imported_at=utcnow(), imported_by="Ana", data={"id": "shared_old"}))  # fmt: skip
        s.execute(insert(MUNICIPALITY_PROFILE).values(name=name, updated_at=utcnow(), updated_by="Ana",
                                                      data=_profile(name).to_data()))  # fmt: skip
    with session_scope(engine) as s:
        assert [r.case_id for r in list_local_cases(session=s, pack_id=cell["pack"])] == ["shared_old"]
        assert get_profile(session=s, name=name) == _profile(name)
        assert get_profile(session=s, name=cell["name"]) is None  # Guelph's is Guelph's
        save_profile(session=s, profile=_profile(name, "Mayor"), actor="Ana")
        assert profile_trail(session=s)[0].actor == "Ana"  # single-user mode records the name typed
    access.configure(team=True)
    try:
        with session_scope(engine) as s:
            assert list_local_cases(session=s, pack_id=cell["pack"]) == []
            assert get_profile(session=s, name=name) is None and profile_names(session=s) == []
            with pytest.raises(Forbidden):
                save_profile(session=s, profile=_profile(name), actor="Ana")
            with pytest.raises(NotFound):
                delete_local_case(session=s, id=cell["row"], actor="Ana")
    finally:
        access.configure(team=False)
    with session_scope(engine) as s:
        assert get_profile(session=s, name=name, principal=LOCAL) == _profile(name, "Mayor")
