"""Team mode through the real app (AppTest): sign-in gate, identity in the sidebar and the audit
trail, and the IDOR suite: another organisation's ids through ?a=, compare, the portfolio, reports
and workshop links are refused exactly like unknown ids. Single-user mode is covered by every
other UI test (nothing changes there) and by the sidebar check at the end.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from mixdecide import load_pack
from mixdecide.store import (
    LOCAL,
    access,
    audit_trail,
    create_assessment,
    create_share_link,
    get_assessment,
    make_engine,
    session_scope,
    set_role,
    set_visibility,
    sign_in,
    upgrade,
)
from mixdecide.store.models import utcnow
from mixdecide.workshop import check_facilitator, create_workshop
from mixdecide.workshop import ratelimit as rl
from tests.helpers.apptest import APP, goto, texts

PACK = load_pack()
AUTH = {
    "redirect_uri": "http://localhost:8650/oauth2callback",
    "cookie_secret": "test-cookie-secret-of-at-least-32-characters",
    "client_id": "mixdecide",
    "client_secret": "not-used-by-apptest",
    "server_metadata_url": "http://localhost:8651/.well-known/openid-configuration",
}
LOU = {"is_logged_in": True, "sub": "sub-lou", "email": "lou@london.ca", "name": "Lou London"}
OWEN = {"is_logged_in": True, "sub": "sub-owen", "email": "owen@guelph.ca", "name": "Owen Guelph"}


@pytest.fixture(autouse=True)
def _single_user_afterwards() -> Iterator[None]:
    yield
    access.configure(team=False)  # the app sets it per run; leave the process as other tests expect


@pytest.fixture
def world() -> dict[str, Any]:
    """Guelph's owner with an organisation-wide assessment and a workshop on it; London's admin."""
    engine = make_engine()  # MIXDECIDE_DB_PATH: this test's file (tests/ui/conftest.py)
    upgrade(engine)
    with session_scope(engine) as s:
        owen = sign_in(session=s, subject="sub-owen", email=OWEN["email"], name=OWEN["name"], org="guelph",
                       admins=[OWEN["email"]])  # fmt: skip
        sign_in(
            session=s,
            subject="sub-lou",
            email=LOU["email"],
            name=LOU["name"],
            org="london",
            admins=[LOU["email"]],
        )
    rec = _owned(engine, owen, "Guelph road salt 2027 (confidential)")
    with session_scope(engine) as s:
        set_visibility(session=s, id=rec, visibility="organisation", principal=owen)
        created = create_workshop(
            session=s, assessment_id=rec, title="Salt", sections=["need"], pack=PACK, principal=owen
        )
    return {"engine": engine, "id": rec, "workshop": created, "owen": owen}


def _owned(engine: Any, owner: Any, title: str) -> str:
    with session_scope(engine) as s:
        return create_assessment(
            session=s, title=title, municipality="Guelph", department="Works", owner="Owen",
            pack=PACK, answers={"estimated_value_cad": 250_000}, principal=owner,
        ).id  # fmt: skip


def team_app(user: dict[str, Any] | None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["mixdecide"] = {"org_map": "guelph.ca=guelph, london.ca=london"}
    at.user = {"email_verified": True, **user} if user else {"is_logged_in": False}  # as Google/Okta say
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _plain(text: str) -> str:
    """As the reader sees it: Markdown escapes and word joiners left out."""
    return text.replace("\\", "").replace("\u2060", "")


def _errors(at: AppTest) -> list[str]:
    return [_plain(str(e.value)) for e in at.error]


def test_signed_out_sees_only_the_sign_in_screen(world):
    at = team_app(None, a=world["id"])
    assert [b.label for b in at.button if b.key == "auth.in"] == ["Sign in"]
    page = texts(at)
    assert "Guelph road salt" not in page and "Sign in with your municipality's account" in page
    assert at.session_state["auth.principal"].member is False


def test_other_organisation_id_in_the_address_is_an_unknown_id(world):
    foreign = team_app(LOU, a=world["id"])
    unknown = team_app(LOU, a=uuid.uuid4().hex)
    malformed = team_app(LOU, a="../" + world["id"][:7] + "<x>")  # r15 #7: no other message
    assert _errors(foreign) == _errors(unknown) == _errors(malformed) != []
    assert "assessment_id" not in foreign.session_state or not foreign.session_state["assessment_id"]
    assert "Guelph road salt" not in texts(foreign)
    # the owner's colleague (same organisation) opens it
    owen = team_app(OWEN, a=world["id"])
    assert owen.session_state["assessment_id"] == world["id"]


def test_portfolio_home_and_compare_list_only_the_organisation(world):
    at = team_app(LOU)
    for page in ("portfolio", "home", "compare"):
        goto(at, page)
        assert "Guelph road salt" not in texts(at), page
    goto(at, "compare", ids=world["id"])
    assert "Guelph road salt" not in texts(at)
    owen = team_app(OWEN)
    goto(owen, "portfolio")
    assert "Guelph road salt 2027" in texts(owen)


def test_workshop_facilitator_link_of_another_organisation_is_a_bad_link(world):
    created = world["workshop"]
    foreign = team_app(LOU)
    goto(foreign, "workshop", w=created.workshop.id, k=created.secret)
    wrong = team_app(LOU)
    goto(wrong, "workshop", w=created.workshop.id, k="x" * len(created.secret))
    assert _errors(foreign) == _errors(wrong) != []
    assert created.workshop.title not in texts(foreign)
    owen = team_app(OWEN)
    goto(owen, "workshop", w=created.workshop.id, k=created.secret)
    assert not _errors(owen)


def test_workshop_secret_is_not_enough_for_a_viewer_of_the_organisation(world):
    """r15 #6: a viewer of the same organisation holding the facilitator secret is refused like a
    wrong secret; an editor demoted while the board is open cannot lock the round any more."""
    created = world["workshop"]
    engine = world["engine"]
    with session_scope(engine) as s:
        sign_in(session=s, subject="sub-vera", email="vera@guelph.ca", name="Vera", org="guelph")
        sign_in(
            session=s, subject="sub-ed", email="ed@guelph.ca", name="Ed", org="guelph", default_role="editor"
        )
    vera = team_app({"is_logged_in": True, "sub": "sub-vera", "email": "vera@guelph.ca", "name": "Vera"})
    goto(vera, "workshop", w=created.workshop.id, k=created.secret)
    wrong = team_app(LOU)
    goto(wrong, "workshop", w=created.workshop.id, k="x" * len(created.secret))
    assert _errors(vera) == _errors(wrong) != []
    assert created.workshop.title not in texts(vera)

    ed = team_app({"is_logged_in": True, "sub": "sub-ed", "email": "ed@guelph.ca", "name": "Ed"})
    goto(ed, "workshop", w=created.workshop.id, k=created.secret)
    assert not _errors(ed) and [b for b in ed.button if b.key == "wk.lock"]
    with session_scope(engine) as s:
        set_role(session=s, subject="sub-ed", role="viewer", principal=world["owen"])
    ed.button(key="wk.lock").click().run()
    assert _errors(ed) == _errors(wrong)
    with session_scope(engine) as s:
        assert (
            check_facilitator(session=s, workshop_id=created.workshop.id, secret=created.secret).status
            == "open"
        )


def test_report_of_a_foreign_id_is_never_built(world):
    """Reports are built from the session's assessment: a foreign ?a= never loads, so the report
    page offers the empty new assessment, never the other organisation's."""
    at = team_app(LOU, a=world["id"])
    goto(at, "recommendation", a=world["id"])
    assert "Guelph road salt" not in texts(at)


def test_identity_replaces_the_typed_name(world):
    at = team_app(OWEN)
    sidebar = _plain(" ".join(str(c.value) for c in at.sidebar.caption))
    assert "Signed in as Owen Guelph <owen@guelph.ca> · guelph · admin" in sidebar
    assert not [t for t in at.sidebar.text_input if t.key == "w.actor"]
    goto(at, "assess", a=world["id"])
    at.radio(key="q.need_clarity").set_value("problem_unclear").run()
    with session_scope(world["engine"]) as s:
        trail = audit_trail(session=s, id=world["id"], principal=LOCAL)
        assert trail[0].actor == "Owen Guelph <owen@guelph.ca>"
        assert (
            get_assessment(session=s, id=world["id"], principal=LOCAL).answers["need_clarity"]
            == "problem_unclear"
        )


def test_sign_out_ends_the_session(world):
    at = team_app(OWEN)
    at.button(key="auth.out").click().run()
    assert [b.key for b in at.button if b.key == "auth.in"] == ["auth.in"]
    assert "Guelph road salt" not in texts(at)


def test_a_copied_cookie_stops_working_at_sign_out(world):
    """The same ID token's claims (what a copied cookie carries) in another session: refused once
    its owner signed out; a new sign-in (a new token) works again."""
    cookie = {**OWEN, "iat": 1_800_000_000, "nonce": "first"}
    copy = team_app(cookie)
    goto(copy, "portfolio")
    assert "Guelph road salt 2027" in texts(copy)
    team_app(cookie).button(key="auth.out").click().run()
    goto(copy, "portfolio")  # the copy's next run, on any server
    assert [b.key for b in copy.button if b.key == "auth.in"] == ["auth.in"]
    assert "Guelph road salt" not in texts(copy)
    assert "You signed out of this sign-in" in texts(copy)
    fresh = team_app(cookie)
    assert "You signed out of this sign-in" in texts(fresh) and "Guelph road salt" not in texts(fresh)
    again = team_app({**cookie, "nonce": "second"})  # signed in again, in the same second
    goto(again, "portfolio")
    assert "Guelph road salt 2027" in texts(again)


def test_a_demoted_member_loses_rights_at_the_next_run(world):
    with session_scope(world["engine"]) as s:
        sign_in(
            session=s,
            subject="sub-eve",
            email="eve@guelph.ca",
            name="Eve",
            org="guelph",
            default_role="editor",
        )
    eve = team_app({"is_logged_in": True, "sub": "sub-eve", "email": "eve@guelph.ca", "name": "Eve"})
    assert "editor" in " ".join(str(c.value) for c in eve.sidebar.caption)
    with session_scope(world["engine"]) as s:
        set_role(session=s, subject="sub-eve", role="viewer", principal=world["owen"])
    eve.run()
    assert "viewer" in " ".join(str(c.value) for c in eve.sidebar.caption)


def test_refused_and_unfinished_sign_ins_pause_the_sign_in_button(world):
    stranger = {"is_logged_in": True, "sub": "sub-x", "email": "x@elsewhere.org", "name": "X"}
    at = team_app(stranger)
    assert any("does not belong to an organisation" in e for e in _errors(at))
    for _ in range(rl.LIMITS["signin"] - 1):  # clicks on Sign in that never came back
        screen = team_app(None)
        screen.button(key="auth.in").click().run()
    screen = team_app(None)
    assert not [b for b in screen.button if b.key == "auth.in"]
    wait = [e for e in _errors(screen) if "Too many sign-ins from your network did not complete" in e]
    assert wait and " s." in wait[0]


def test_short_cookie_secret_stops_the_app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {**AUTH, "cookie_secret": "short"}
    at.user = dict(OWEN)
    at.run()
    assert any("cookie_secret" in e for e in _errors(at))
    assert not at.button


def test_single_user_mode_says_so():
    at = AppTest.from_file(APP, default_timeout=60).run()
    sidebar = " ".join(str(c.value) for c in at.sidebar.caption)
    assert "Single-user mode" in sidebar
    assert [t.key for t in at.sidebar.text_input] == ["w.actor"]


INPUTS = (
    "radio", "number_input", "checkbox", "text_input", "text_area", "selectbox", "date_input",
    "multiselect", "slider", "toggle", "segmented_control", "button", "data_editor",
)  # fmt: skip
# Widgets that move around or show more, and change nothing stored: sections, the unanswered
# list, the language, the history, a note's "show" switch, present mode's exit, the Rules search.
READING = (
    "w.section", "w.goto", "w.lang", "w.history", "noteopen.", "assess.prev", "assess.next",
    "assess.to_result", "present.exit", "w.rules", "rules.",
    "plan.report.doclang", "cl.dl", "cl.report", "rec.", "report.",  # a download's language/format
    "clicker.",  # present mode's slide buttons
)  # fmt: skip


def _enabled_inputs(at: AppTest) -> list[str]:
    out = []
    for kind in INPUTS:
        for w in at.main.get(kind):
            key = str(getattr(w, "key", "") or "")
            if getattr(w.proto, "disabled", False) or key.startswith(READING):
                continue
            out.append(f"{kind}:{key or getattr(w, 'label', '')}")
    return out


def _reader(world: dict[str, Any], role: str) -> tuple[dict[str, Any], dict[str, str]]:
    """A viewer of the owner's organisation, or a stranger holding a share link: (user, query)."""
    if role == "viewer":
        with session_scope(world["engine"]) as s:
            sign_in(session=s, subject="sub-vera", email="vera@guelph.ca", name="Vera", org="guelph")
        return {"is_logged_in": True, "sub": "sub-vera", "email": "vera@guelph.ca", "name": "Vera"}, {}
    owner = world["owen"]
    with session_scope(world["engine"]) as s:
        set_visibility(session=s, id=world["id"], visibility="link", principal=owner)
        link = create_share_link(
            session=s, id=world["id"], expires_at=utcnow() + dt.timedelta(days=7), principal=owner
        )
    return {"is_logged_in": False}, {"s": link.token}


@pytest.mark.parametrize("role", ["viewer", "link"])
def test_read_only_readers_see_a_note_and_no_enabled_input_on_any_page(world, role):
    """r15 #3: every page of the assessment, for a viewer and for a share link's holder: the
    "Read-only" note, and no enabled control that would change it."""
    user, extra = _reader(world, role)
    at = team_app(user, a=world["id"], **extra)
    for page in ("assess", "plan", "risk", "checklist", "recommendation", "present", "rules"):
        if role == "link" and page in ("assess", "plan"):  # a link opens the result pages only
            continue
        goto(at, page, a=world["id"], **extra)
        assert at.session_state["assessment_id"] == world["id"], page
        notes = [_plain(str(i.value)) for i in at.info]
        expected = (
            "Read-only: you are a viewer" if role == "viewer" else "Read-only: you opened a shared link"
        )
        assert any(n.startswith(expected) for n in notes), (page, notes)
        assert _enabled_inputs(at) == [], (page, _enabled_inputs(at))
    # an editor of the organisation gets neither the note nor disabled answers
    owen = team_app(OWEN, a=world["id"])
    goto(owen, "assess", a=world["id"])
    assert not any("Read-only" in _plain(str(i.value)) for i in owen.info)
    assert owen.radio(key="q.need_clarity").disabled is False


def test_a_refused_change_is_not_kept_nor_counted(world):
    """An editor demoted to viewer while the page is open changes an answer: the store refuses it,
    the message says so, and the answer is back as stored (not set, not in the progress)."""
    engine = world["engine"]
    with session_scope(engine) as s:
        sign_in(
            session=s,
            subject="sub-vera",
            email="vera@guelph.ca",
            name="Vera",
            org="guelph",
            default_role="editor",
        )
    vera = {"is_logged_in": True, "sub": "sub-vera", "email": "vera@guelph.ca", "name": "Vera"}
    at = team_app(vera, a=world["id"])
    goto(at, "assess", a=world["id"])
    with session_scope(engine) as s:
        before = get_assessment(session=s, id=world["id"], principal=LOCAL)
        set_role(session=s, subject="sub-vera", role="viewer", principal=world["owen"])
    answered = len(at.session_state["answers"])
    at.radio(key="q.need_clarity").set_value("problem_unclear").run()
    assert any("you can read this assessment but not change it" in e for e in _errors(at)), texts(at)
    assert "need_clarity" not in at.session_state["answers"] or (
        at.session_state["answers"]["need_clarity"] == before.answers.get("need_clarity")
    )
    assert len(at.session_state["answers"]) == answered
    assert at.radio(key="q.need_clarity").value == before.answers.get("need_clarity")
    assert at.radio(key="q.need_clarity").disabled  # and from now on it is read-only
    with session_scope(engine) as s:
        assert get_assessment(session=s, id=world["id"], principal=LOCAL).version == before.version


def test_admin_manages_members_and_only_admins_see_the_page(world):
    engine = world["engine"]
    with session_scope(engine) as s:
        sign_in(session=s, subject="sub-vera", email="vera@guelph.ca", name="Vera", org="guelph")
    vera = {"is_logged_in": True, "sub": "sub-vera", "email": "vera@guelph.ca", "name": "Vera"}
    at = team_app(vera)
    assert "Members" not in [str(link.label) for link in at.sidebar.get("page_link")]
    goto(at, "admin")
    assert _errors(at) == ["This page is for the organisation's admins."]
    assert "owen@guelph.ca" not in texts(at)

    owen = team_app(OWEN)
    assert "Members" in [str(link.label) for link in owen.sidebar.get("page_link")]
    goto(owen, "admin")
    listing = texts(owen)
    assert "vera@guelph.ca" in listing and "lou@london.ca" not in listing  # one organisation only
    owen.selectbox(key="admin.member").set_value("sub-vera").run()
    owen.segmented_control(key="admin.role").set_value("editor").run()
    owen.text_input(key="admin.dept").input("Works").run()
    owen.button(key="admin.save").click().run()
    with session_scope(engine) as s:
        from mixdecide.store import load_principal

        p = load_principal(session=s, subject="sub-vera")
    assert (p.role, p.department) == ("editor", "Works")
    assert "role changed" in texts(owen) and "department changed" in texts(owen)


def test_owner_shares_a_read_only_link_that_works_signed_out(world):
    owen = team_app(OWEN, a=world["id"])
    goto(owen, "assess", a=world["id"])
    owen.radio(key="w.visibility").set_value("link").run()
    owen.button(key="share.make").click().run()
    link = next(str(c.value) for c in owen.code if "s=" in str(c.value))
    token = link.split("s=", 1)[1].split("&")[0]
    reader = team_app(None, a=world["id"], s=token)
    goto(reader, "recommendation", a=world["id"], s=token)
    assert reader.session_state["assessment_id"] == world["id"]
    assert not [b for b in reader.button if b.key == "auth.in"]  # no sign-in needed for the link
    stranger = team_app(None, a=world["id"], s="x" * len(token))
    assert [b.key for b in stranger.button if b.key == "auth.in"] == ["auth.in"]
    with session_scope(world["engine"]) as s:
        actions = [e.action for e in audit_trail(session=s, id=world["id"], principal=LOCAL)]
    assert actions[:2] == ["link_shared", "visibility_changed"]


# --- r15deploy: unverified e-mails (F1), off-boarding (F2), Home without the demo, viewers (F12) ---


def test_an_unverified_copy_of_an_admins_email_is_refused(world):
    """The reviewer's attack, with the shipped example's shape: another account whose unverified
    e-mail is the configured admin's."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["mixdecide"] = {"org_claim": "", "org_map": "guelph.ca=guelph", "admins": "owen@guelph.ca"}
    at.user = {"is_logged_in": True, "sub": "evil-123", "email": "owen@guelph.ca", "name": "Not Owen",
               "email_verified": False}  # fmt: skip
    at.run()
    assert any("does not belong to an organisation" in e for e in _errors(at))
    assert "Guelph road salt" not in texts(at)
    with session_scope(world["engine"]) as s:
        from mixdecide.store import load_principal

        assert load_principal(session=s, subject="evil-123").member is False  # never recorded


def test_admin_deactivates_a_member_who_then_has_no_rights_and_cannot_sign_in_again(world):
    engine = world["engine"]
    with session_scope(engine) as s:
        sign_in(
            session=s, subject="sub-ed", email="ed@guelph.ca", name="Ed", org="guelph", default_role="editor"
        )
    ed_user = {"is_logged_in": True, "sub": "sub-ed", "email": "ed@guelph.ca", "name": "Ed"}
    ed = team_app(ed_user, a=world["id"])
    assert ed.session_state["auth.principal"].editor
    goto(ed, "assess", a=world["id"])

    owen = team_app(OWEN)
    goto(owen, "admin")
    owen.selectbox(key="admin.member").set_value("sub-ed").run()
    owen.button(key="admin.deactivate").click().run()
    page = texts(owen)
    assert "Ed is deactivated" in page and "deactivated" in page
    assert [b.key for b in owen.button if b.key == "admin.reactivate"] == ["admin.reactivate"]

    with session_scope(engine) as s:
        version = get_assessment(session=s, id=world["id"], principal=LOCAL).version
    ed.radio(key="q.need_clarity").set_value("problem_unclear").run()  # Ed's next click, open page
    assert not ed.exception, [e.value for e in ed.exception]
    assert [b.key for b in ed.button if b.key == "auth.in"] == ["auth.in"]  # back to the sign-in screen
    assert "Guelph road salt" not in texts(ed)
    with session_scope(engine) as s:  # the click was not stored
        assert get_assessment(session=s, id=world["id"], principal=LOCAL).version == version
    again = team_app(ed_user)  # a new session (another browser, or after signing in again)
    assert "deactivated your account" in texts(again) and "Guelph road salt" not in texts(again)

    owen.button(key="admin.reactivate").click().run()
    assert "Ed is active again" in texts(owen)
    assert team_app(ed_user).session_state["auth.principal"].editor


def test_home_without_the_demo_offers_no_demo_and_a_viewer_no_new_assessment(world):
    """MIXDECIDE_SEED_DEMO=0 (a team deployment): no "Open the demo" leading to "the demo was
    deleted"; a viewer is told they read, not offered a questionnaire they cannot save."""
    with session_scope(world["engine"]) as s:
        sign_in(session=s, subject="sub-vi", email="vi@guelph.ca", name="Vi", org="guelph")
    viewer = team_app({"is_logged_in": True, "sub": "sub-vi", "email": "vi@guelph.ca", "name": "Vi"})
    goto(viewer, "home")
    keys = [b.key for b in viewer.button]
    assert "home.demo" not in keys and "home.new" not in keys
    assert "Your role is viewer" in texts(viewer)
    owen = team_app(OWEN)
    goto(owen, "home")
    assert "home.new" in [b.key for b in owen.button] and "home.demo" not in [b.key for b in owen.button]


def test_an_anonymous_participant_joins_and_sees_only_the_workshop(world):
    """r15attack #1: in a team deployment a participant joins with the code alone. Their personal
    link opened signed out shows their workshop questions, not the sign-in wall; with it, every
    other page of the app is out of reach (the address of another page still shows the join page)."""
    from mixdecide.workshop import join

    with session_scope(world["engine"]) as s:
        joined = join(session=s, code=world["workshop"].workshop.code, name="Val")
    assert joined is not None
    at = team_app(None, p=joined.token)
    page = texts(at)
    assert "Sign in with your municipality's account" not in page
    assert "You joined as" in page and "Salt" in page and not at.exception
    assert [b.key for b in at.button if b.key == "auth.in"] == []
    assert list(at.session_state["_pages"]) == ["join"]  # no other page is registered for this session
    at.query_params["a"] = world["id"]  # an assessment id in the address opens nothing
    at.run()
    page = texts(at)
    assert "You joined as" in page and "Guelph road salt" not in page


def test_a_viewer_is_told_running_a_workshop_needs_the_editor_role(world):
    """r15attack #2: a viewer gets a note, not a form whose Create button crashed the page; an
    editor demoted while the form is open is refused with a message, never a traceback."""
    user, _ = _reader(world, "viewer")
    viewer = team_app(user)
    goto(viewer, "workshop", a=world["id"])
    assert "Running a workshop needs the editor role" in texts(viewer)
    assert "wk.create.submit" not in [b.key for b in viewer.button] and not viewer.exception
    with session_scope(world["engine"]) as s:
        sign_in(session=s, subject="sub-ed", email="ed@guelph.ca", name="Ed", org="guelph")
        set_role(session=s, subject="sub-ed", role="editor", principal=world["owen"])
    ed = team_app({"is_logged_in": True, "sub": "sub-ed", "email": "ed@guelph.ca", "name": "Ed"})
    goto(ed, "workshop", a=world["id"])
    ed.text_input(key="wk.create.title").input("Ed's workshop")
    with session_scope(world["engine"]) as s:
        set_role(session=s, subject="sub-ed", role="viewer", principal=world["owen"])
    ed.button(key="wk.create.submit").click().run()
    assert not ed.exception
    page = texts(ed) + " ".join(_errors(ed))
    assert "Ed's workshop" not in page and ("editor" in page), page[:500]


def test_a_viewer_is_not_offered_duplicate_or_archive(world):
    """r15attack #3: the Portfolio's Duplicate and Archive are off for a viewer, with a note why
    (they were offered, then refused after the click); an editor still has them."""
    user, _ = _reader(world, "viewer")
    viewer = team_app(user)
    goto(viewer, "portfolio")
    assert {b.key: b.disabled for b in viewer.button if b.key in ("pf.duplicate", "pf.archive")} == {
        "pf.duplicate": True,
        "pf.archive": True,
    }
    assert "Duplicating and archiving take the editor role" in texts(viewer)
    owen = team_app(OWEN)
    goto(owen, "portfolio")
    assert [b.disabled for b in owen.button if b.key in ("pf.duplicate", "pf.archive")] == [False, False]


def test_a_refused_unknown_or_revoked_link_shows_the_message_alone(world):
    """r15attack #4: a foreign id, a made-up id and a tampered share link show the same message
    and nothing under it: no empty recommendation, no "you opened a shared link" note."""
    foreign = team_app(LOU)
    goto(foreign, "recommendation", a=world["id"])
    unknown = team_app(LOU)
    goto(unknown, "recommendation", a=uuid.uuid4().hex)
    tampered = team_app(None)
    goto(tampered, "recommendation", a=world["id"], s="x" * 32)
    outputs = [_plain(str(at.main)) for at in (foreign, unknown, tampered)]
    for at in (foreign, unknown, tampered):
        main = texts(at)
        assert "No assessment has this link" in main
        assert "Recommended route" not in main and "Questions unanswered" not in main, main[:400]
        assert "you opened a shared link" not in main
    assert _errors(foreign) == _errors(unknown) == _errors(tampered)
    assert len({len(at.main.children) for at in (foreign, unknown)}) == 1, outputs


def test_a_share_link_lasts_the_days_asked_and_more_than_90_cannot_be_asked(world):
    """r15attack #5: 999 typed in a number box was refused by the browser, which sent the old 7,
    and a 7-day link was made under the error. The length is a 1-90 slider; a link lasts the days
    chosen."""
    owen = team_app(OWEN, a=world["id"])
    goto(owen, "assess", a=world["id"])
    owen.radio(key="w.visibility").set_value("link").run()
    days = owen.slider(key="w.share_days")
    assert (days.min, days.max) == (1, 90) and not [n for n in owen.number_input if n.key == "w.share_days"]
    days.set_value(30).run()
    owen.button(key="share.make").click().run()
    expected = (utcnow() + dt.timedelta(days=30)).strftime("%Y-%m-%d")
    assert f"works until {expected}" in texts(owen), texts(owen)[-600:]
