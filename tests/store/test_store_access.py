"""Authorization matrix (store level): every store function that takes an assessment id ×
{anonymous, viewer, editor, admin, other organisation} × {private, department, organisation,
shared link}. Each cell is allowed or refused; a refusal to someone who may not see the assessment
is exactly an unknown id (same exception, same message, same number of queries).

The people (organisation "guelph" unless said otherwise):
  owner   — editor in Works, owns every assessment of the matrix (department "Works");
  viewer  — viewer in Works (so "department" lets them read);
  editor  — editor in Finance (so "department" does not);
  admin   — admin in Finance;
  other   — admin of "london" (the strongest role elsewhere);
  anonymous — not signed in.
In the "link" column everyone holds a live share link to the assessment (what a link is for); a
link never opens the other visibilities, and an expired or revoked one opens nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import event

from mixdecide.pack import Pack
from mixdecide.store import (
    ANONYMOUS,
    LOCAL,
    Forbidden,
    InvalidValue,
    NoSuchMember,
    NotFound,
    PortfolioFilter,
    Principal,
    audit_trail,
    create_assessment,
    create_share_link,
    delete_assessment,
    duplicate_assessment,
    filter_choices,
    get_assessment,
    list_assessments,
    list_members,
    member_trail,
    portfolio_summary,
    revoke_share_links,
    save_assessment,
    session_scope,
    set_department,
    set_role,
    set_status,
    set_visibility,
    sign_in,
    transfer_owner,
)
from mixdecide.store.db import make_engine
from mixdecide.store.migrate import upgrade
from mixdecide.store.models import VISIBILITIES
from mixdecide.workshop import apply_consensus, create_workshop
from tests.helpers.databases import PG_SKIP, drop_schema, pg_schema_url

PEOPLE = ("anonymous", "viewer", "editor", "admin", "other_org")
OK, HIDDEN, DENIED = "ok", "not found", "forbidden"


# --- the world ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """One migrated database with the members signed in once (cells add their own assessments)."""
    schema = base = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('access') / 'access.db'}"
    else:
        base = os.environ.get("TEST_DATABASE_URL")
        if not base:
            pytest.skip(PG_SKIP)
        url, schema = pg_schema_url(base)
    engine = make_engine(url)
    upgrade(engine)
    people: dict[str, Principal] = {"anonymous": ANONYMOUS}
    with session_scope(engine) as s:
        for key, org, email, dept in (
            ("admin", "guelph", "ada@guelph.ca", "Finance"),
            ("owner", "guelph", "owen@guelph.ca", "Works"),
            ("viewer", "guelph", "vera@guelph.ca", "Works"),
            ("editor", "guelph", "eddie@guelph.ca", "Finance"),
            ("other_org", "london", "lou@london.ca", "Works"),
        ):
            admins = ("ada@guelph.ca", "lou@london.ca")
            p = sign_in(
                session=s, subject=f"sub-{key}", email=email, name=key.title(), org=org, admins=admins
            )
            boss = people.get("admin", p) if org == "guelph" else p  # each organisation's own admin
            if key in ("owner", "editor"):
                set_role(session=s, subject=p.subject, role="editor", principal=boss)
            set_department(session=s, subject=p.subject, department=dept, principal=boss)
            people[key] = Principal(
                subject=p.subject,
                name=p.name,
                email=p.email,
                org=org,
                role={"owner": "editor", "editor": "editor", "viewer": "viewer"}.get(key, "admin"),
                department=dept,
            )
    try:
        yield {"engine": engine, "people": people}
    finally:
        engine.dispose()
        if schema and base:
            drop_schema(base, schema)


def _make(world: dict[str, Any], pack: Pack, visibility: str) -> tuple[str, str]:
    """A new assessment of the owner with ``visibility``; (id, share token or "")."""
    owner = world["people"]["owner"]
    with session_scope(world["engine"]) as s:
        rec = create_assessment(
            session=s,
            title=f"Road salt {visibility}",
            municipality=f"Guelph {visibility} {uuid.uuid4().hex[:6]}",
            department="Works",
            owner="Owen",
            pack=pack,
            answers={"estimated_value_cad": 250_000},
            principal=owner,
        )
        set_visibility(session=s, id=rec.id, visibility=visibility, principal=owner)
        token = ""
        if visibility == "link":
            expiry = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
            token = create_share_link(session=s, id=rec.id, expires_at=expiry, principal=owner).token
    return rec.id, token


def _who(world: dict[str, Any], person: str, token: str) -> Principal:
    p: Principal = world["people"][person]
    return p.with_share(token) if token else p


# --- what each kind of call may do -------------------------------------------------------------
# read: sees it (as a member, or through the link); member: sees it as a member (history, copies);
# write: changes it; manage: deletes it, changes visibility or owner, makes or revokes links.

READ = {
    "anonymous": {"link"},
    "viewer": {"department", "organisation", "link"},
    "editor": {"organisation", "link"},
    "admin": set(VISIBILITIES),
    "other_org": {"link"},
}
MEMBER = {
    "anonymous": set(),
    "viewer": {"department", "organisation"},
    "editor": {"organisation"},
    "admin": set(VISIBILITIES),
    "other_org": set(),
}
WRITE = {"editor": {"organisation"}, "admin": set(VISIBILITIES)}
MANAGE = {"admin": set(VISIBILITIES)}


def expected(kind: str, person: str, visibility: str) -> str:
    if kind in ("read", "list"):
        return OK if visibility in READ[person] else HIDDEN
    if kind == "history":
        return OK if visibility in MEMBER[person] else HIDDEN
    if visibility not in READ[person]:
        return HIDDEN
    allowed = {"write": WRITE, "manage": MANAGE, "copy": WRITE | {"viewer": set()}}[kind]
    if kind == "copy":
        return OK if person in ("editor", "admin") and visibility in MEMBER[person] else DENIED
    return OK if visibility in allowed.get(person, set()) else DENIED


def _call_get(s: Any, id: str, p: Principal, pack: Pack) -> None:
    assert get_assessment(session=s, id=id, principal=p).id == id


def _call_trail(s: Any, id: str, p: Principal, pack: Pack) -> None:
    assert audit_trail(session=s, id=id, principal=p)[-1].action == "created"


def _call_save(s: Any, id: str, p: Principal, pack: Pack) -> None:
    version = get_assessment(session=s, id=id, principal=p).version
    new = save_assessment(
        session=s, id=id, expected_version=version, principal=p, notes={"need_clarity": "checked"}, pack=pack
    )
    assert new == version + 1


def _call_status(s: Any, id: str, p: Principal, pack: Pack) -> None:
    set_status(session=s, id=id, status="archived", principal=p)
    assert get_assessment(session=s, id=id, principal=p).status == "archived"


def _call_delete(s: Any, id: str, p: Principal, pack: Pack) -> None:
    delete_assessment(session=s, id=id, principal=p)
    with pytest.raises(NotFound):
        get_assessment(session=s, id=id, principal=LOCAL)


def _call_duplicate(s: Any, id: str, p: Principal, pack: Pack) -> None:
    copy = duplicate_assessment(session=s, id=id, principal=p)
    assert (copy.owner_sub, copy.org_id, copy.visibility) == (p.subject, p.org, "private")


def _call_visibility(s: Any, id: str, p: Principal, pack: Pack) -> None:
    target = (
        "private" if get_assessment(session=s, id=id, principal=p).visibility != "private" else "organisation"
    )
    set_visibility(session=s, id=id, visibility=target, principal=p)
    assert audit_trail(session=s, id=id, principal=LOCAL)[0].action in ("visibility_changed", "link_revoked")


def _call_owner(s: Any, id: str, p: Principal, pack: Pack) -> None:
    transfer_owner(session=s, id=id, subject="sub-editor", principal=p)
    assert get_assessment(session=s, id=id, principal=LOCAL).owner_sub == "sub-editor"


def _call_share(s: Any, id: str, p: Principal, pack: Pack) -> None:
    if get_assessment(session=s, id=id, principal=p).visibility != "link":
        set_visibility(session=s, id=id, visibility="link", principal=p)
    expiry = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    link = create_share_link(session=s, id=id, expires_at=expiry, principal=p)
    assert get_assessment(session=s, id=id, principal=ANONYMOUS.with_share(link.token)).id == id


def _call_revoke(s: Any, id: str, p: Principal, pack: Pack) -> None:
    revoke_share_links(session=s, id=id, principal=p)


def _call_workshop(s: Any, id: str, p: Principal, pack: Pack) -> None:
    created = create_workshop(
        session=s, assessment_id=id, title="Salt", sections=["need"], pack=pack, principal=p
    )
    assert created.workshop.assessment_id == id


CALLS: dict[str, tuple[str, Callable[[Any, str, Principal, Pack], None]]] = {
    "get_assessment": ("read", _call_get),
    "audit_trail": ("history", _call_trail),
    "save_assessment": ("write", _call_save),
    "set_status": ("write", _call_status),
    "create_workshop": ("write", _call_workshop),
    "duplicate_assessment": ("copy", _call_duplicate),
    "delete_assessment": ("manage", _call_delete),
    "set_visibility": ("manage", _call_visibility),
    "transfer_owner": ("manage", _call_owner),
    "create_share_link": ("manage", _call_share),
    "revoke_share_links": ("manage", _call_revoke),
}


def _unknown_error(world: dict[str, Any], call: Callable[..., None], p: Principal, pack: Pack) -> NotFound:
    ghost = uuid.uuid4().hex
    with pytest.raises(NotFound) as err, session_scope(world["engine"]) as s:
        call(s, ghost, p, pack)
    assert err.value.id == ghost
    return err.value


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("name", list(CALLS))
def test_matrix(world, pack, name, person, visibility):
    kind, call = CALLS[name]
    id, token = _make(world, pack, visibility)
    p = _who(world, person, token)
    want = expected(kind, person, visibility)
    before = _audit_count(world, id)
    if want == OK:
        with session_scope(world["engine"]) as s:
            call(s, id, p, pack)
        return
    with pytest.raises(Exception) as err, session_scope(world["engine"]) as s:
        call(s, id, p, pack)
    if want == HIDDEN:
        assert type(err.value) is NotFound, err.value
        unknown = _unknown_error(world, call, p, pack)
        # Indistinguishable: the same exception with the same message, its id aside.
        assert str(err.value).replace(id, "?") == str(unknown).replace(unknown.id, "?")
    else:
        assert type(err.value) is Forbidden, err.value
    assert _audit_count(world, id) == before  # a refusal changes nothing


def _audit_count(world: dict[str, Any], id: str) -> int:
    with session_scope(world["engine"]) as s:
        return len(audit_trail(session=s, id=id, principal=LOCAL, limit=10_000))


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("person", PEOPLE)
def test_matrix_portfolio(world, pack, person, visibility):
    """list_assessments, portfolio_summary and filter_choices show exactly what get_assessment does."""
    id, token = _make(world, pack, visibility)
    p = _who(world, person, token)
    with session_scope(world["engine"]) as s:
        mine = get_assessment(session=s, id=id, principal=LOCAL)
        only = PortfolioFilter(municipality=mine.municipality)
        rows, total = list_assessments(session=s, filters=only, principal=p)
        summary = portfolio_summary(session=s, filters=only, principal=p)
        choices = filter_choices(session=s, principal=p)
    seen = expected("list", person, visibility) == OK
    assert ([r.id for r in rows], total, summary.total) == (([id], 1, 1) if seen else ([], 0, 0))
    assert (mine.municipality in choices.municipalities) is seen


# --- around the matrix -------------------------------------------------------------------------


def test_link_needs_a_live_token_and_opens_only_its_assessment(world, pack):
    engine, owner = world["engine"], world["people"]["owner"]
    id, token = _make(world, pack, "link")
    other, _ = _make(world, pack, "link")
    private, _ = _make(world, pack, "private")
    holder = ANONYMOUS.with_share(token)
    with session_scope(engine) as s:
        assert get_assessment(session=s, id=id, principal=holder).id == id
        for hidden in (other, private):
            with pytest.raises(NotFound):
                get_assessment(session=s, id=hidden, principal=holder)
        with pytest.raises(NotFound):
            get_assessment(session=s, id=id, principal=ANONYMOUS.with_share("guessed-" + token[8:]))
        with pytest.raises(NotFound):  # the link shows no history (it names the people)
            audit_trail(session=s, id=id, principal=holder)
        assert revoke_share_links(session=s, id=id, principal=owner) == 1
    with session_scope(engine) as s, pytest.raises(NotFound):
        get_assessment(session=s, id=id, principal=holder)


def test_link_expires_and_leaving_link_visibility_revokes(world, pack):
    engine, owner = world["engine"], world["people"]["owner"]
    id, token = _make(world, pack, "link")
    now = dt.datetime.now(dt.UTC)
    with session_scope(engine) as s:
        for bad in (now - dt.timedelta(minutes=1), now + dt.timedelta(days=91), now.replace(tzinfo=None)):
            with pytest.raises(InvalidValue):
                create_share_link(session=s, id=id, expires_at=bad, principal=owner)
        short = create_share_link(session=s, id=id, expires_at=now + dt.timedelta(seconds=1), principal=owner)
    from mixdecide.store.access import readable
    from mixdecide.store.rows import read_row

    holder = ANONYMOUS.with_share(short.token)
    with session_scope(engine) as s:
        later = now + dt.timedelta(seconds=2)
        with pytest.raises(NotFound):
            read_row(s, id, visible=readable(holder, now=later))
        set_visibility(session=s, id=id, visibility="private", principal=owner)
        set_visibility(session=s, id=id, visibility="link", principal=owner)
        with pytest.raises(NotFound):  # the old links did not come back with the visibility
            get_assessment(session=s, id=id, principal=ANONYMOUS.with_share(token))
        actions = [e.action for e in audit_trail(session=s, id=id, principal=owner)]
    assert actions[:3] == ["visibility_changed", "link_revoked", "visibility_changed"]
    assert actions.count("link_shared") == 2


def test_unknown_and_hidden_ids_cost_the_same_queries(world, pack):
    """Same query count for an unknown id, another organisation's id and a malformed one (same
    timing class, r15 #7)."""
    engine = world["engine"]
    id, _ = _make(world, pack, "organisation")
    other = world["people"]["other_org"]
    counts = []
    for target in (id, uuid.uuid4().hex, "../" + id[:9] + "<x>"):
        statements: list[str] = []

        def count(*args: Any, _seen: list[str] = statements) -> None:
            _seen.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            with session_scope(engine) as s, pytest.raises(NotFound):
                get_assessment(session=s, id=target, principal=other)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts.append([q for q in statements if "assessment" in q])
    assert len(counts[0]) == len(counts[1]) == len(counts[2]) == 1


@pytest.mark.parametrize("person", PEOPLE)
def test_create_takes_an_editor(world, pack, person):
    p = world["people"][person]
    with session_scope(world["engine"]) as s:
        if person in ("editor", "admin", "other_org"):
            rec = create_assessment(
                session=s, title="New", municipality="", department="", owner="", pack=pack, principal=p
            )
            assert (rec.org_id, rec.owner_sub, rec.visibility, rec.created_by) == (
                p.org,
                p.subject,
                "private",
                p.label,
            )
        else:
            with pytest.raises(Forbidden):
                create_assessment(
                    session=s, title="New", municipality="", department="", owner="", pack=pack, principal=p
                )


@pytest.mark.parametrize("person", PEOPLE)
def test_member_management_takes_an_admin_of_the_same_organisation(world, person):
    p = world["people"][person]
    engine = world["engine"]
    with session_scope(engine) as s:
        if person != "admin" and person != "other_org":
            for call in (
                lambda: list_members(session=s, principal=p),
                lambda: set_role(session=s, subject="sub-viewer", role="editor", principal=p),
                lambda: member_trail(session=s, principal=p),
            ):
                with pytest.raises(Forbidden):
                    call()
            return
        if person == "other_org":  # an admin elsewhere: guelph's members do not exist for them
            assert {m.email for m in list_members(session=s, principal=p)} == {"lou@london.ca"}
            for call in (
                lambda: set_role(session=s, subject="sub-viewer", role="admin", principal=p),
                lambda: set_department(session=s, subject="sub-viewer", department="X", principal=p),
            ):
                with pytest.raises(NoSuchMember) as err:
                    call()
                with pytest.raises(NoSuchMember) as ghost:
                    set_role(session=s, subject="sub-nobody", role="admin", principal=p)
                assert str(err.value).replace("sub-viewer", "?") == str(ghost.value).replace(
                    "sub-nobody", "?"
                )
            return
        assert {m.email for m in list_members(session=s, principal=p)} >= {"vera@guelph.ca", "ada@guelph.ca"}
        set_role(session=s, subject="sub-viewer", role="editor", principal=p)
        set_role(session=s, subject="sub-viewer", role="viewer", principal=p)
        with pytest.raises(InvalidValue):
            set_role(session=s, subject="sub-viewer", role="owner", principal=p)
        with pytest.raises(InvalidValue, match="at least one admin"):
            set_role(session=s, subject=p.subject, role="viewer", principal=p)
        trail = member_trail(session=s, principal=p)
    assert [(a, t, o, n) for _, _, a, t, o, n in trail[:2]] == [
        ("role_changed", "sub-viewer", "editor", "viewer"),
        ("role_changed", "sub-viewer", "viewer", "editor"),
    ]
    assert trail[0][1] == p.label


def test_sign_in_keeps_the_role_an_admin_gave_and_never_carries_it_across_organisations(world):
    engine = world["engine"]
    with session_scope(engine) as s:
        first = sign_in(session=s, subject="sub-new", email="nia@guelph.ca", name="Nia", org="guelph")
        assert (first.role, first.org) == ("viewer", "guelph")
        set_role(session=s, subject="sub-new", role="editor", principal=world["people"]["admin"])
        again = sign_in(session=s, subject="sub-new", email="nia@guelph.ca", name="Nia K.", org="guelph")
        assert (again.role, again.name) == ("editor", "Nia K.")
        moved = sign_in(session=s, subject="sub-new", email="nia@london.ca", name="Nia K.", org="london")
        assert (moved.role, moved.org) == ("viewer", "london")
        for bad in ("", "Guelph City!", "x" * 65):
            with pytest.raises(InvalidValue):
                sign_in(session=s, subject="sub-bad", email="b@b.ca", name="B", org=bad)


def test_single_user_mode_is_the_local_superuser_and_team_mode_fails_closed(world, pack):
    from mixdecide.store import access

    id, _ = _make(world, pack, "private")
    with session_scope(world["engine"]) as s:
        assert get_assessment(session=s, id=id).id == id  # no principal: the local user, as before
        access.configure(team=True)
        try:
            with pytest.raises(NotFound):
                get_assessment(session=s, id=id)  # a page that forgot its principal sees nothing
            assert list_assessments(session=s)[1] == 0
        finally:
            access.configure(team=False)


def test_workshop_apply_takes_an_editor_who_may_change_the_assessment(world, pack):
    engine, people = world["engine"], world["people"]
    id, _ = _make(world, pack, "organisation")
    with session_scope(engine) as s:
        created = create_workshop(
            session=s, assessment_id=id, title="Salt", sections=["need"], pack=pack, principal=people["owner"]
        )
    viewer = people["viewer"]
    for p, error in (
        (viewer, Forbidden),
        (people["other_org"], NotFound),
        (replace(viewer, role=None), NotFound),
    ):
        with pytest.raises(error), session_scope(engine) as s:
            apply_consensus(
                session=s, workshop_id=created.workshop.id, secret=created.secret, pack=pack, principal=p
            )
    with session_scope(engine) as s:
        version = apply_consensus(
            session=s,
            workshop_id=created.workshop.id,
            secret=created.secret,
            pack=pack,
            principal=people["editor"],
        )
        assert version >= 2
        assert audit_trail(session=s, id=id, principal=LOCAL)[0].actor == people["editor"].label


def test_import_of_another_organisations_export_never_reaches_the_original(world, pack):
    """An export names no store id (a file naming one is refused): importing one makes a new
    assessment of the importer's organisation and leaves the original untouched and hidden."""
    import json

    from mixdecide.engine import assess
    from mixdecide.reports.jsonio import ImportProblem, export_json, import_json
    from mixdecide.reports.model import ReportInput

    engine, people = world["engine"], world["people"]
    id, _ = _make(world, pack, "organisation")
    with session_scope(engine) as s:
        original = get_assessment(session=s, id=id, principal=LOCAL)
    doc = json.loads(
        export_json(ReportInput(pack=pack, result=assess(pack, original.answers), title=original.title))
    )
    forged = {**doc, "assessment": {**doc["assessment"], "id": id}}
    with pytest.raises(ImportProblem, match="id: is not a field"):
        import_json(json.dumps(forged), pack)
    imported = import_json(json.dumps(doc), pack)
    lou = people["other_org"]
    with session_scope(engine) as s:
        copy = create_assessment(
            session=s, title=imported.title, municipality=imported.municipality, department=imported.department,
            owner=imported.owner, pack=pack, answers=imported.answers, action="imported", principal=lou,
        )  # fmt: skip
    assert copy.id != id and (copy.org_id, copy.owner_sub, copy.visibility) == (
        "london",
        lou.subject,
        "private",
    )
    with session_scope(engine) as s:
        assert get_assessment(session=s, id=id, principal=LOCAL).version == original.version
        with pytest.raises(NotFound):
            get_assessment(session=s, id=id, principal=lou)
