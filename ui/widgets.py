"""Question widgets: one per question type, each writing through to the session's answers."""

from __future__ import annotations

import streamlit as st

from mixdecide.conditions import UNKNOWN
from mixdecide.details import NOTE_MAX
from mixdecide.pack import Pack, Question
from ui import keys, persist
from ui.state import answers, lang, notes, seed_widget, tr


def _on_choice(qid: str) -> None:
    value = st.session_state.get(keys.Q + qid)
    _store(qid, value)


def _on_number(qid: str) -> None:
    if st.session_state.get(keys.UNK + qid):
        _store(qid, UNKNOWN)
    else:
        _store(qid, st.session_state.get(keys.Q + qid))


def _store(qid: str, value) -> None:
    a = answers()
    old = a.get(qid)
    if value is None:
        a.pop(qid, None)
    else:
        a[qid] = value
    if old != a.get(qid):
        persist.answer_changed(qid)


def _on_note(qid: str) -> None:
    persist.set_note(qid, st.session_state.get(keys.NOTE + qid))


def question(pack: Pack, q: Question, number: int) -> None:
    """Render one question with its help, its "don't know" choice and an optional note."""
    lg = lang()
    current = answers().get(q.id)
    st.markdown(f"#### {number}. {q.label.get(lg)}")
    st.caption(q.help.get(lg))
    if q.type == "choice":
        options = [o.id for o in q.options] + [UNKNOWN]
        labels = {o.id: o.label.get(lg) for o in q.options} | {UNKNOWN: q.unknown_label.get(lg)}
        seed_widget(keys.Q + q.id, current)
        st.radio(
            q.label.get(lg),
            options,
            format_func=labels.get,
            key=keys.Q + q.id,
            on_change=_on_choice,
            args=(q.id,),
            label_visibility="collapsed",
            horizontal=len(options) <= 4 and max(len(v) for v in labels.values()) < 28,
        )
    else:
        is_unknown = current == UNKNOWN
        seed_widget(keys.Q + q.id, None if is_unknown or current is None else float(current))
        seed_widget(keys.UNK + q.id, is_unknown)
        cols = st.columns([3, 2], vertical_alignment="bottom")
        unit = f" ({q.unit.get(lg)})" if q.unit else ""
        cols[0].number_input(
            q.label.get(lg) + unit,
            key=keys.Q + q.id,
            min_value=_min(q),
            max_value=None if q.max is None else float(q.max),
            step=float(q.step or 1.0),
            format="%0.0f" if (q.step or 1) >= 1 else "%0.2f",
            on_change=_on_number,
            args=(q.id,),
            disabled=is_unknown,
            placeholder=tr("assess.number_placeholder"),
        )
        cols[1].checkbox(q.unknown_label.get(lg), key=keys.UNK + q.id, on_change=_on_number, args=(q.id,))
    # The note field appears on request (or when a note exists): a text area per question,
    # even folded away in an expander, made the questionnaire a second slower to load.
    seed_widget(keys.NOTE_OPEN + q.id, bool(notes().get(q.id)))
    if st.toggle(tr("assess.note_label"), key=keys.NOTE_OPEN + q.id):
        seed_widget(keys.NOTE + q.id, notes().get(q.id, ""))
        st.text_area(
            tr("assess.note_label"),
            key=keys.NOTE + q.id,
            max_chars=NOTE_MAX,
            height=80,
            on_change=_on_note,
            args=(q.id,),
            placeholder=tr("assess.note_placeholder"),
            label_visibility="collapsed",
        )


def _min(q: Question) -> float | None:
    if q.min is None:
        return None
    q_min = float(q.min)
    # number_input cannot express "greater than"; the smallest step above the bound stands in.
    return q_min + float(q.step or 1.0) if q.min_exclusive else q_min
