"""Workshop widgets: the facilitator's group answer (a participant answers with the assessment's
own widget, ``ui.widgets.answer_input``, saving to the workshop).

Group-answer widgets save each answer as it is set, like the questionnaire (a form per section lost
an edit made in one section when Save was pressed in another). They are pre-filled with the stored
consensus, else the group's default; a pre-fill the facilitator has not touched follows the default
as more answers arrive. The confirmation is drawn under the control that saved.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from mixdecide.conditions import UNKNOWN
from mixdecide.pack import Question
from mixdecide.text import md_escape
from mixdecide.wording import answer_label
from mixdecide.workshop import ConsensusEntry, QuestionStats
from mixdecide.workshop.charts import agreement_words
from mixdecide.workshop.models import NOTE_MAX
from ui import workshop_data as data
from ui import workshop_keys as K
from ui.clock import local_time
from ui.state import get_pack, lang, tr
from ui.widgets import choice_labels, number_kwargs, number_label


def forget_if_language_changed() -> None:
    """Labels depend on the language; re-seed the workshop widgets from the stored answers."""
    ss = st.session_state
    if ss.get(K.WIDGET_LANG) != lang():
        for k in [k for k in ss if isinstance(k, str) and k.startswith(K.WIDGET_PREFIXES)]:
            del ss[k]
        ss.pop(K.CONSENSUS_SEEDS, None)
        ss[K.WIDGET_LANG] = lang()


def _seed_prefill(key: str, value: Any) -> None:
    """Pre-fill ``key``; a pre-fill nobody changed follows ``value`` when it moves."""
    ss = st.session_state
    seeds = ss.setdefault(K.CONSENSUS_SEEDS, {})
    if key not in ss or (key in seeds and ss[key] == seeds[key] and value != seeds[key]):
        ss[key] = value
    seeds[key] = value


def stats_line(q: Question, stats: QuestionStats | None) -> str:
    """How the group answered, in one line (pack labels only: no user text)."""
    if stats is None or not stats.counts:
        return tr("workshop.consensus.no_answers")
    # "Yes: 3 · No: 2", not "Yes 3 · No 2" where a count reads as part of the option's name
    parts = " · ".join(
        tr("workshop.consensus.count", answer=answer_label_for(q, v), n=n) for v, n in stats.counts
    )
    key = "workshop.consensus.split" if stats.split else "workshop.consensus.spread"
    return tr(key, answers=parts, agreement=agreement_words(stats, lang()))


def answer_label_for(q: Question, value: Any) -> str:
    return answer_label(get_pack(), q.id, value, lang())


def _save(q: Question, workshop_id: str, secret: str) -> None:
    """Widget callback: store this question's group answer and note now, unless another
    facilitator window changed it since this one drew it: then nothing is overwritten, the widgets
    show the answer as it now is, and the message beside them says so."""
    ss = st.session_state
    value, note = consensus_value(q)
    if value is None:
        return
    expected = ss.setdefault(K.CSEEN, {}).get(q.id)
    outcome, entry = data.set_group_answer(workshop_id, secret, q.id, value, note, expected)
    if outcome == "saved" and entry is not None:
        ss[K.CSEEN][q.id] = entry.set_at
        ss[K.CSAVED] = (q.id, "saved")
    elif outcome == "changed":
        ss[K.CSAVED] = (q.id, changed_text(q, entry))
        _show_stored(q, entry)
    else:
        ss[K.CSAVED] = (q.id, "failed")


def changed_text(q: Question, entry: ConsensusEntry | None) -> str:
    """ "Changed by someone else since you opened it; now: ..." (pack labels and an escaped name)."""
    if entry is None:
        return tr("workshop.consensus.changed_cleared")
    return tr(
        "workshop.consensus.changed",
        answer=answer_label_for(q, entry.value),
        name=md_escape(entry.set_by, inline=True),
        time=local_time(entry.set_at),
    )


def _show_stored(q: Question, entry: ConsensusEntry | None) -> None:
    """Put the stored group answer back in this window's widgets (in a callback, before they draw)."""
    ss = st.session_state
    ss[K.CSEEN][q.id] = entry.set_at if entry is not None else None
    value = entry.value if entry is not None else None
    seeds = ss.setdefault(K.CONSENSUS_SEEDS, {})
    if q.type == "number":
        unknown = value == UNKNOWN
        ss[K.CQ + q.id] = seeds[K.CQ + q.id] = None if unknown or value is None else float(value)
        ss[K.CUNK + q.id] = seeds[K.CUNK + q.id] = unknown
    else:
        ss[K.CQ + q.id] = seeds[K.CQ + q.id] = value
    ss[K.CNOTE + q.id] = seeds[K.CNOTE + q.id] = entry.note if entry is not None else ""


def consensus_question(
    q: Question,
    number: int | str,
    stats: QuestionStats | None,
    entry: ConsensusEntry | None,
    *,
    workshop_id: str,
    secret: str,
    disabled: bool = False,
) -> None:
    """The facilitator's group answer and note for one question, saved as each is set."""
    lg = lang()
    # the version of the group answer this window shows: a save checks it is still the stored one
    st.session_state.setdefault(K.CSEEN, {})[q.id] = entry.set_at if entry is not None else None
    on_change: dict[str, Any] = {"on_change": _save, "args": (q, workshop_id, secret), "disabled": disabled}
    st.markdown(f"**{number}. {q.label.get(lg)}**")
    st.caption(stats_line(q, stats))
    default = stats.default if stats is not None else None
    value = entry.value if entry is not None else default
    cols = st.columns([2, 3])
    if q.type == "choice":
        options, labels = choice_labels(q)
        _seed_prefill(K.CQ + q.id, value)
        cols[0].selectbox(
            tr("workshop.consensus.group_answer"),
            options,
            format_func=lambda v: labels[v],
            key=K.CQ + q.id,
            placeholder=tr("workshop.consensus.pick"),
            **on_change,
        )
    else:
        unknown = value == UNKNOWN
        _seed_prefill(K.CQ + q.id, None if unknown or value is None else float(value))
        _seed_prefill(K.CUNK + q.id, unknown)
        cols[0].number_input(
            f"{tr('workshop.consensus.group_answer')} — {number_label(q)}",
            key=K.CQ + q.id,
            **number_kwargs(q),
            **on_change,
        )
        cols[0].checkbox(q.unknown_label.get(lg), key=K.CUNK + q.id, **on_change)
    _seed_prefill(K.CNOTE + q.id, entry.note if entry is not None else "")
    cols[1].text_input(
        tr("workshop.consensus.note"),
        key=K.CNOTE + q.id,
        max_chars=NOTE_MAX,
        placeholder=tr("workshop.consensus.note_placeholder"),
        **on_change,
    )
    saved = st.session_state.get(K.CSAVED)
    if saved is not None and saved[0] == q.id:  # the confirmation, next to the control that saved
        if saved[1] == "saved":
            st.success(tr("workshop.consensus.saved_one"), icon=":material/check_circle:")
        elif saved[1] == "failed":
            st.error(tr("workshop.consensus.not_saved_one"), icon=":material/error:")
        else:  # another window changed it meanwhile: said here, where the facilitator is looking
            st.warning(saved[1], icon=":material/sync_problem:")
    if entry is not None:
        st.caption(tr("workshop.consensus.set_by", name=md_escape(entry.set_by, inline=True)))
    elif default is not None:  # nobody chose it: say it is automatic, not who "set" it
        st.caption(tr("workshop.consensus.automatic"))


def consensus_value(q: Question) -> tuple[Any, str]:
    """(value, note) the facilitator chose for ``q`` (value None: none yet)."""
    ss = st.session_state
    note = (ss.get(K.CNOTE + q.id) or "").strip()
    if q.type == "number" and ss.get(K.CUNK + q.id):
        return UNKNOWN, note
    return ss.get(K.CQ + q.id), note


def answer_text(q: Question, value: Any) -> str:
    """A participant's answer as plain text (for read-only lists)."""
    if value is None:
        return tr("join.not_answered")
    return answer_label_for(q, value)
