"""The facilitator's safety checks on the Group result tab (review r16 #7): which result is where
(on this tab, on participants' devices, in the saved assessment) when they disagree, and what
"Save as the assessment's answers" will change, asked before it changes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from mixdecide.answers import AnswerError
from mixdecide.engine import assess
from mixdecide.pack import Pack
from mixdecide.result import Assessment
from mixdecide.wording import answer_label, question_label, step_name
from mixdecide.workshop import Board
from mixdecide.workshop.board import REOPENED_STATUS
from mixdecide.workshop.difference import differences, outline
from ui import workshop_data as data
from ui import workshop_keys as K
from ui.clock import local_time
from ui.state import lang, tr

LIST_MAX = 12  # changes listed one by one in the confirmation; the rest are counted


def _top(pack: Pack, answers: dict[str, Any]) -> str:
    try:
        return step_name(pack, assess(pack, answers, today=dt.date.today(), explain=False).top, lang())
    except AnswerError:
        return "—"


def out_of_step(pack: Pack, board: Board, shown: Assessment) -> bool:
    """A warning naming each result when the one on this tab, the one participants were shown and
    the one saved in the assessment (once the workshop saved it) are not all the same. Pack labels
    and times only: Markdown-safe."""
    w = board.workshop
    here = dict(board.group.answers)
    today = dt.date.today()
    now = outline(pack, here, today)
    lines = [tr("workshop.step.here", route=step_name(pack, shown.top, lang()))]
    differs = False

    def _what_differs(other: dict[str, Any]) -> str:
        # Review r18lead #9: the warning named two identical routes; it says what differs
        found = differences(outline(pack, other, today), now)
        if not found:
            return tr("workshop.step.same_result")
        return "; ".join(
            tr(f"workshop.apply.result_{what}", old=_said(pack, what, old), new=_said(pack, what, new))
            for what, old, new in found
        )

    if w.published and w.published_answers is not None:
        lines.append(
            tr(
                "workshop.step.published",
                route=_top(pack, dict(w.published_answers)),
                time=local_time(w.published_at) if w.published_at else "",
            )
            + " "
            + tr("workshop.step.differs", what=_what_differs(dict(w.published_answers)))
        )
        differs |= dict(w.published_answers) != here
    if w.applied_version:
        lines.append(
            tr(
                "workshop.step.saved",
                route=_top(pack, dict(board.assessment_answers)),
                version=board.assessment_version,
            )
            + " "
            + tr("workshop.step.differs", what=_what_differs(dict(board.assessment_answers)))
        )
        differs |= dict(board.assessment_answers) != here
    if not differs:
        return False
    st.warning(
        tr("workshop.step.title") + "\n\n" + "\n".join(f"- {line}" for line in lines),
        icon=":material/compare_arrows:",
    )
    return True


def _said(pack: Pack, what: str, value: Any) -> str:
    """One of ``difference.differences``' values in words (pack labels and numbers only)."""
    if what == "route":
        return step_name(pack, value, lang()) if value else "—"
    if what == "score":
        return "—" if value is None else f"{value} / {pack.meta.scoring.max:.0f}"
    if value is None:
        return tr("workshop.step.date_unknown")
    return tr("workshop.step.date_ok" if value else "workshop.step.date_late")


def changes(board: Board) -> list[tuple[str, Any, Any]]:
    """(question, the assessment's answer, the group's) for every answer saving would change."""
    before, after = board.assessment_answers, board.group.answers
    return [(q, before.get(q), v) for q, v in after.items() if before.get(q) != v]


def _answered() -> None:
    st.session_state.pop(K.ASK, None)


def confirm_panel(
    question: str,
    yes: str | None,
    on_yes: Callable[..., Any] | None = None,
    *,
    key: str,
    yes_key: str,
    no_key: str,
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
    details: list[str] | None = None,
    info: bool = False,
) -> None:
    """The one way a workshop control asks before it does something it cannot take back (Lock,
    New round, Close, Show names, Save as the assessment's answers): the question, what it will
    change (``details``: a Markdown list, pack labels only), a Yes and a Cancel; either answer
    puts the question away. ``yes`` None: nothing to do, only Cancel (``info``: said as a note,
    not a warning)."""

    def _yes() -> None:
        _answered()
        if on_yes is not None:
            on_yes(*args, **(kwargs or {}))

    with st.container(border=True, key=key):
        if info:
            st.info(question, icon=":material/info:")
        else:
            st.warning(question, icon=":material/help:")
        if details:
            st.markdown("\n".join(f"- {d}" for d in details))
        c_yes, c_no, _ = st.columns([2, 1, 3])
        if yes is not None:
            c_yes.button(yes, key=yes_key, type="primary", on_click=_yes)
        (c_no if yes is not None else c_yes).button(
            tr("workshop.confirm.cancel"), key=no_key, on_click=_answered
        )


def apply_confirmation(pack: Pack, board: Board, wid: str, secret: str) -> None:
    """Asked before the group's answers overwrite the assessment's: how many, which, and from
    which version; a button to do it and one to leave it."""
    lg = lang()
    todo = changes(board)
    if not todo:
        confirm_panel(
            tr("workshop.apply.nothing", version=board.assessment_version),
            None,
            key="wk.apply.confirm",
            yes_key="wk.apply.yes",
            no_key="wk.apply.no",
            info=True,
        )
        return
    items = [
        tr(
            "workshop.apply.change",
            question=question_label(pack, q, lg),
            old=answer_label(pack, q, old, lg) if old is not None else tr("workshop.apply.no_answer"),
            new=answer_label(pack, q, new, lg),
        )
        for q, old, new in todo[:LIST_MAX]
    ]
    if len(todo) > LIST_MAX:
        items.append(tr("workshop.apply.more", n=len(todo) - LIST_MAX))
    # Review r18lead #4: what the save does to the result, and to a Final assessment
    today = dt.date.today()
    for what, old, new in differences(
        outline(pack, board.assessment_answers, today), outline(pack, board.group.answers, today)
    ):
        items.append(
            tr(f"workshop.apply.result_{what}", old=_said(pack, what, old), new=_said(pack, what, new))
        )
    if board.assessment_status == "final":
        items.append(tr("workshop.apply.final", status=tr(f"status.{REOPENED_STATUS}")))
    confirm_panel(
        tr("workshop.apply.confirm", n=len(todo), version=board.assessment_version),
        tr("workshop.apply.yes_button", n=len(todo)),
        data.apply,
        args=(wid, secret),
        key="wk.apply.confirm",
        yes_key="wk.apply.yes",
        no_key="wk.apply.no",
        details=items,
    )
