"""Pages, the sidebar menu and links that keep the assessment and language in the URL."""

from __future__ import annotations

from typing import Any, cast

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from mixdecide.details import NAME_MAX
from mixdecide.i18n import LANG_NAMES, LANGS
from ui import auth, keys, remember, theme
from ui.state import lang, tr

PAGES = {
    "home": ("pages/home.py", ":material/home:"),
    "assess": ("pages/assess.py", ":material/checklist_rtl:"),
    "recommendation": ("pages/recommendation.py", ":material/recommend:"),
    "risk": ("pages/risk.py", ":material/radar:"),
    "checklist": ("pages/checklist.py", ":material/task_alt:"),
    "plan": ("pages/plan.py", ":material/event_note:"),
    "rules": ("pages/rules.py", ":material/menu_book:"),
    "present": ("pages/present.py", ":material/co_present:"),
    "portfolio": ("pages/portfolio.py", ":material/folder_open:"),
    "compare": ("pages/compare.py", ":material/compare:"),
    "workshop": ("pages/workshop.py", ":material/groups:"),
    "join": ("pages/join.py", ":material/login:"),
    "admin": ("pages/admin.py", ":material/manage_accounts:"),
}
MENU = (
    "home",
    "assess",
    "recommendation",
    "risk",
    "checklist",
    "plan",
    "portfolio",
    "compare",
    "workshop",
    "join",
    "rules",
    "admin",  # team mode, admins only
)


def _page(name: str, default: str = "home") -> st.Page:
    path, icon = PAGES[name]
    is_default = name == default or (name == "join" and bool(st.session_state.get(keys.PARTICIPANT)))
    return st.Page(path, title=tr(f"nav.{name}"), icon=icon, url_path=name, default=is_default)


def _participant_pages() -> list[StreamlitPage]:
    """A participant's one page, twice: as the default page (served at the root address) and,
    hidden, at /join. The default page's address is "", so with it alone a request that still
    named /join (a personal link opened on a new device: the page becomes the participant's only
    page during that first run) found no page, and Streamlit put "Page not found" over the
    participant's workshop."""
    path, icon = PAGES["join"]
    title = tr("nav.join")
    return [
        st.Page(path, title=title, icon=icon, url_path="participant", default=True),
        st.Page(path, title=title, icon=icon, url_path="join", visibility="hidden"),
    ]


def navigation() -> StreamlitPage:
    """Register every page (menu drawn by ``sidebar``; hidden native nav avoids a flicker).

    A workshop participant only ever gets the join page: no portfolio, no facilitator board.
    """
    names = ["join"] if st.session_state.get(keys.PARTICIPANT) else list(PAGES)
    pages = _participant_pages() if names == ["join"] else [_page(n) for n in names]
    st.session_state["_pages"] = dict(zip(names, pages[:1] if names == ["join"] else pages, strict=True))
    current = st.navigation(pages, position="hidden")
    # the default page's url_path is "": a participant's only page is the default one, and it is
    # the join page (review r15 #1: "" was not an open page, so a joined participant got the sign-in wall)
    st.session_state[keys.PAGE] = "join" if names == ["join"] else current.url_path
    # presentation mode shows results one per screen; the workshop page has its own presenting layout
    if st.session_state.get(keys.PRESENT) and current.url_path not in ("present", "workshop"):
        params = link_params(present="1")
        # A link straight into presentation mode (?a=…&present=1) arrives before the assessment
        # is opened (session.restore_from_url runs later): keep the link's ?a= so it still opens.
        if "a" not in params and st.query_params.get("a"):
            params["a"] = st.query_params["a"]
        st.switch_page(page("present"), query_params=params)
    return current


def current_name() -> str:
    """The page this run shows, by name ("" for the home page at the root address)."""
    return str(st.session_state.get(keys.PAGE) or "")


def page(name: str) -> StreamlitPage:
    return cast(StreamlitPage, st.session_state["_pages"][name])


def link_params(**extra: str) -> dict[str, str]:
    """Query parameters every internal link carries: the assessment id and the language."""
    params = {}
    aid = st.session_state.get(keys.ASSESSMENT_ID)
    if aid:
        params["a"] = aid
    if lang() != "en":
        params["lang"] = lang()
    params.update(extra)
    return params


def link(name: str, label: str | None = None, icon: str | None = None) -> None:
    """A page link that keeps ?a= and ?lang=."""
    st.page_link(
        page(name), label=label or tr(f"nav.{name}"), icon=icon or PAGES[name][1], query_params=link_params()
    )


def go(name: str, **extra: str) -> None:
    """Switch page, keeping ?a= and ?lang=."""
    st.switch_page(page(name), query_params=link_params(**extra))


def _set_lang(key: str) -> None:
    if st.session_state.get(key) in LANGS and st.session_state[key] != lang():
        st.session_state[keys.LANG] = st.session_state[key]
        # the address carries the language, so a reload or a shared link keeps it
        if st.session_state[key] == "en":
            st.query_params.pop("lang", None)
        else:
            st.query_params["lang"] = st.session_state[key]
        # Labels change with the language, which gives widgets a new identity in the browser;
        # forget their values so they are re-seeded from the stored answers (nothing is lost).
        forget_widgets()


def _set_actor() -> None:
    st.session_state[keys.ACTOR] = (st.session_state.get(keys.ACTOR_WIDGET) or "").strip()
    remember.remember_name(st.session_state[keys.ACTOR])  # kept across a reload


def _set_present() -> None:
    st.session_state[keys.PRESENT] = st.session_state[keys.PRESENT_WIDGET]
    st.session_state[keys.PRESENT_STEP] = 0


def language_switch(where: Any = st.sidebar, key: str = keys.LANG_WIDGET) -> None:
    """English / Français; answers are kept (they are stored by id, not by label)."""
    st.session_state[key] = lang()
    where.segmented_control(
        tr("nav.language"),
        options=list(LANGS),
        format_func=LANG_NAMES.get,
        key=key,
        on_change=_set_lang,
        args=(key,),
        required=True,
    )


def forget_widgets() -> None:
    """Drop every answer/checklist widget value; pages re-seed them from the session's data."""
    ss = st.session_state
    for k in list(ss.keys()):
        if isinstance(k, str) and k.startswith(keys.WIDGET_PREFIXES):
            del ss[k]


def sidebar() -> None:
    """The menu, the language switch and the presentation-mode toggle."""
    theme.app_head(lang(), presenting=bool(st.session_state.get(keys.PRESENT)))
    with st.sidebar:
        st.markdown(f"### {tr('app.name')}", anchors=False)
        for name in MENU:
            if name == "admin" and not (auth.team() and auth.principal().admin):
                continue
            if name in st.session_state["_pages"]:
                link(name)
        st.divider()
        language_switch(st)
        # a workshop participant only answers; on the join page the form asks for their name, and a
        # second "Your name" in the sidebar (the audit trail's) confused people
        if not st.session_state.get(keys.PARTICIPANT) and st.session_state.get(keys.PAGE) != "join":
            if not auth.team():  # signed in, the identity replaces the typed name
                st.session_state.setdefault(keys.ACTOR_WIDGET, st.session_state.get(keys.ACTOR, ""))
                st.text_input(
                    tr("nav.actor"),
                    key=keys.ACTOR_WIDGET,
                    max_chars=NAME_MAX,
                    help=tr("nav.actor_help"),
                    on_change=_set_actor,
                    placeholder=tr("app.guest"),
                )
            st.session_state[keys.PRESENT_WIDGET] = bool(st.session_state.get(keys.PRESENT))
            st.toggle(
                tr("nav.present_toggle"),
                key=keys.PRESENT_WIDGET,
                on_change=_set_present,
                help=tr("nav.present_help"),
            )
        if not st.session_state.get(keys.PARTICIPANT):
            auth.sidebar_identity()
        st.caption(tr("app.not_legal_advice_short"))
        remember.flush()
