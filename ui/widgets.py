"""Question widgets: a question's label, help and answer widget with its "don't know" choice,
for the assessment (writing through to the session's answers, with a note on request) and for a
workshop participant (saving to the workshop) alike."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from mixdecide.conditions import UNKNOWN
from mixdecide.details import NOTE_MAX
from mixdecide.pack import Pack, Question
from mixdecide.wording import answer_label
from ui import auth, keys, persist
from ui.state import answers, get_pack, lang, notes, seed_widget, show_stored, tr

log = logging.getLogger(__name__)

SaveFn = Callable[[str, Any], None]  # (question id, value or None or "unknown")


def choice_labels(q: Question) -> tuple[list[str], dict[str, str]]:
    """A choice question's option ids, "unknown" last, and how each reads in the session's language."""
    lg = lang()
    options = [o.id for o in q.options] + [UNKNOWN]
    return options, {o.id: o.label.get(lg) for o in q.options} | {UNKNOWN: q.unknown_label.get(lg)}


def number_kwargs(q: Question) -> dict[str, Any]:
    """Bounds, step and format of a number question's input."""
    step = float(q.step or 1.0)
    # number_input cannot express "greater than"; the smallest step above the bound stands in.
    low = None if q.min is None else float(q.min) + (step if q.min_exclusive else 0.0)
    return {
        "min_value": low,
        "max_value": None if q.max is None else float(q.max),
        "step": step,
        "format": "%0.0f" if step >= 1 else "%0.2f",
    }


def number_label(q: Question) -> str:
    """A number question's label with its unit, unless the label already names it ("(CAD) (CAD)")."""
    lg = lang()
    label = q.label.get(lg)
    unit = q.unit.get(lg) if q.unit else ""
    return f"{label} ({unit})" if unit and unit not in label else label


def _resets() -> dict[str, Any]:
    """The assessment's answer and note widgets whose value in this run is their empty default
    (no choice, the input's minimum, an empty note) while the session keeps something else:
    widget key -> the value to show again. A person empties one field per interaction; a browser
    that drew a section's widgets anew sends every one of them at its default, in one run (a
    review saw a section's answers and a note cleared at once, and could not make it happen again)."""
    ss, kept_answers, kept_notes = st.session_state, answers(), notes()
    out: dict[str, Any] = {}
    for qid, q in get_pack().questions.items():
        key, kept = keys.Q + qid, kept_answers.get(qid)
        if key in ss and kept is not None and kept != UNKNOWN:
            value = ss[key]
            if q.type == "choice" and value is None:
                out[key] = kept
            elif q.type != "choice" and isinstance(kept, int | float) and not isinstance(kept, bool):
                low = number_kwargs(q)["min_value"]
                if (value is None or value == low) and float(kept) != value:
                    out[key] = float(kept)
        note_key = keys.NOTE + qid
        if note_key in ss and not ss[note_key] and kept_notes.get(qid):
            out[note_key] = kept_notes[qid]
    return out


def _refused_as_bulk(key: str) -> bool:
    """Whether this run empties several answers or notes at once (see ``_resets``): then none of
    them is stored, every one shows its kept value again, and True when ``key`` is one of them."""
    if not key.startswith((keys.Q, keys.NOTE)):
        return False  # a workshop participant's widgets: not the assessment's
    resets = _resets()
    if len(resets) < 2:
        return False
    log.warning("ignored %d answers and notes emptied in one run: %s", len(resets), sorted(resets))
    for k, v in resets.items():
        st.session_state[k] = v
    return key in resets


def _on_choice(qid: str, key: str, save: SaveFn) -> None:
    if _refused_as_bulk(key):
        return
    value = st.session_state.get(key)
    if value is None and answers().get(qid) is not None:
        # A radio cannot be unselected by a person: a choice "changed" to nothing came from a
        # browser's copy of the widget drawn anew with no answer (a review saw every answer of a
        # section cleared at once, and could not make it happen again). The stored answer stands,
        # and the radio shows it again.
        log.warning("ignored a choice cleared without a person: %s", qid)
        st.session_state[key] = answers()[qid]
        return
    save(qid, value)


def _on_number(qid: str, key: str, unknown_key: str, save: SaveFn) -> None:
    if _refused_as_bulk(key):
        return
    ss = st.session_state
    save(qid, UNKNOWN if ss.get(unknown_key) else ss.get(key))


def answer_input(
    q: Question,
    number: int | str,
    current: Any,
    save: SaveFn,
    *,
    key: str,
    unknown_key: str,
    placeholder: str,
    disabled: bool = False,
) -> None:
    """Label, help and answer widget of one question; ``save(qid, value)`` runs on every change.

    A choice is a radio with "don't know" as its last option; a number is an input with a
    "don't know" checkbox beside it. ``key`` and ``unknown_key`` name the two widgets.
    ``disabled``: shown, not changeable (a read-only reader).
    """
    lg = lang()
    # no "Link to heading" icon: an extra tab stop with nothing to link to in a one-page app
    # Number, question and help in one element (a heading and a caption were two, each with its
    # wrappers): the browser redraws every element of the page on each answer (bench/ui.py).
    help_text = q.help.get(lg)
    small = f"\n\n:small[{help_text}]" if help_text else ""
    st.markdown(f"#### {number}. {q.label.get(lg)}{small}", anchors=False)
    if q.type == "choice":
        options, labels = choice_labels(q)
        show_stored(key, current)
        st.radio(
            q.label.get(lg),
            options,
            index=None,  # never the first option by default: no answer is no answer
            format_func=labels.get,
            key=key,
            on_change=_on_choice,
            args=(q.id, key, save),
            label_visibility="collapsed",
            horizontal=len(options) <= 4 and max(len(v) for v in labels.values()) < 28,
            disabled=disabled,
        )
        return
    unknown = current == UNKNOWN
    show_stored(key, None if unknown or current is None else float(current))
    show_stored(unknown_key, unknown)
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    left.number_input(
        number_label(q),
        key=key,
        on_change=_on_number,
        args=(q.id, key, unknown_key, save),
        disabled=unknown or disabled,
        placeholder=placeholder,
        **number_kwargs(q),
    )
    right.checkbox(
        q.unknown_label.get(lg),
        key=unknown_key,
        on_change=_on_number,
        args=(q.id, key, unknown_key, save),
        disabled=disabled,
        wrap=True,  # a label in a column is cut with an ellipsis unless it may wrap
    )
    if current is not None and not unknown:  # the input cannot group digits: 400000 reads $400,000 here
        left.caption(answer_label(get_pack(), q.id, current, lg))


def _store(qid: str, value: Any) -> None:
    a = answers()
    old = a.get(qid)
    if value is None:
        a.pop(qid, None)
    else:
        a[qid] = value
    if old != a.get(qid):
        persist.answer_changed(qid)


def _on_note(qid: str, after: Callable[[str], None] | None = None) -> None:
    if _refused_as_bulk(keys.NOTE + qid):
        return
    persist.set_note(qid, st.session_state.get(keys.NOTE + qid))
    if after is not None:
        after(qid)


def question(
    pack: Pack, q: Question, number: int | str, *, after: Callable[[str], None] | None = None
) -> None:
    """One question of the assessment: its answer widget and, on request, a note.

    ``after(qid)``, if given, runs once a change of this question has been saved (the page uses it
    to choose what to redraw)."""

    def save(qid: str, value: Any) -> None:
        _store(qid, value)
        if after is not None:
            after(qid)

    read_only = auth.read_only()  # a reader sees the answer and its note, and changes neither
    answer_input(
        q,
        number,
        answers().get(q.id),
        save,
        key=keys.Q + q.id,
        unknown_key=keys.UNK + q.id,
        placeholder=tr("assess.number_placeholder"),
        disabled=read_only,
    )
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
            args=(q.id, after),
            placeholder=tr("assess.note_placeholder"),
            label_visibility="collapsed",
            disabled=read_only,
        )
