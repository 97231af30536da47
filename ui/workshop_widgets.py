"""Workshop widgets: the facilitator's group answer (a participant answers with the assessment's
own widget, ``ui.widgets.answer_input``, saving to the workshop).

Group-answer widgets save each answer as it is set, like the questionnaire (a form per section lost
an edit made in one section when Save was pressed in another). A widget holds the stored group
answer only; while none is set it is empty and its placeholder names the automatic answer (the
group's default), which follows the room as answers arrive. The board refreshes itself every few
seconds, and a refresh that wrote a moved default into the widget reset a field the facilitator was
typing in (review finding 3): the placeholder moves, the value never does. A stored answer that
another facilitator window changed still reaches an untouched widget. The confirmation is drawn
under the control that saved.
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
from mixdecide.workshop.record import DECIDED, how_answered
from ui import workshop_data as data
from ui import workshop_keys as K
from ui.clock import local_time
from ui.state import get_pack, lang, tr
from ui.widgets import choice_labels, number_kwargs, number_label

# Review r16 #12: a "Why" typed into a group answer was lost on reload unless Enter was pressed or
# the field left (a text input only sends its value then). This sends it once typing pauses, as
# Enter would: the note is saved as it is typed, like the answer beside it. Installed once per tab.
_NOTE_AUTOSAVE_JS = """
<script>
(() => {
  if (window.__mixNoteAutosave) return;
  window.__mixNoteAutosave = true;
  const timers = new WeakMap();
  const sent = new WeakMap();
  // Review r17lead #8: the save reruns the page; should the field be drawn anew, focus fell to
  // the page. The field (by its key) gets it back, with the caret where it was, unless the
  // facilitator has moved to something else meanwhile.
  const restore = (box, start, end) => {
    let tries = 0;
    const again = setInterval(() => {
      tries += 1;
      const active = document.activeElement;
      const field = document.querySelector("." + box + " input");
      if (tries > 40 || (active && active !== document.body && active.tagName !== "IFRAME")) {
        clearInterval(again);
        return;
      }
      if (field && field !== active) {
        field.focus();
        try { field.setSelectionRange(start, end); } catch (e) {}
        clearInterval(again);
      }
    }, 100);
  };
  const send = (el) => {
    // only the field the facilitator is typing in, and only a value not sent already
    if (!el.isConnected || document.activeElement !== el || sent.get(el) === el.value) return;
    sent.set(el, el.value);
    const box = [...el.closest('[class*="st-key-wk-cnote-"]').classList].find((c) => c.startsWith("st-key-wk-cnote-"));
    if (box) restore(box, el.selectionStart, el.selectionEnd);
    for (const type of ["keydown", "keypress", "keyup"]) {
      el.dispatchEvent(new KeyboardEvent(type, {key: "Enter", code: "Enter", keyCode: 13, which: 13,
                                                charCode: type === "keypress" ? 13 : 0,
                                                bubbles: true, cancelable: true}));
    }
  };
  // Review r18lead #3: a "Why" typed and reloaded before the pause was lost without a word.
  // While one is typed and not sent, leaving the page asks first; leaving the field sends it
  // (Streamlit sends a text field's value on blur), so it counts as saved.
  const pending = new Set();
  document.addEventListener("input", (e) => {
    const el = e.target;
    if (!e.isTrusted || !(el instanceof HTMLInputElement) || !el.closest('[class*="st-key-wk-cnote-"]')) return;
    pending.add(el);
    clearTimeout(timers.get(el));
    timers.set(el, setTimeout(() => { send(el); if (sent.get(el) === el.value) pending.delete(el); }, %d));
  }, true);
  document.addEventListener("focusout", (e) => {
    if (pending.has(e.target)) { sent.set(e.target, e.target.value); pending.delete(e.target); }
  }, true);
  window.__mixNoteUnsaved = () => [...pending].some((el) => el.isConnected && sent.get(el) !== el.value);
  window.addEventListener("beforeunload", (e) => {
    if (!window.__mixNoteUnsaved()) return;
    e.preventDefault();
    e.returnValue = "";
  });
})();
</script>
"""
NOTE_PAUSE_MS = 700  # typing pause after which a group answer's "Why" is saved


def note_autosave() -> None:
    """Save the facilitator's "Why" notes as they are typed (see _NOTE_AUTOSAVE_JS)."""
    st.html(_NOTE_AUTOSAVE_JS % NOTE_PAUSE_MS, unsafe_allow_javascript=True)


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
    expected = ss.setdefault(K.CSEEN, {}).get(q.id)
    stored = ss.setdefault(K.CSTORED, {}).get(q.id)  # (value, note) this window drew, None: none
    if value is None and not note and expected is None:
        # Nothing chosen, no note, nothing stored: not the facilitator's doing, so nothing is
        # stored and the answer stays automatic (review r16fac #7: after "Lock answers", untouched
        # tied questions were stored as "set by the facilitator" - an empty widget's callback
        # stored the automatic answer in the facilitator's name).
        return
    if value is None and stored is not None:
        # Review r17lead #2: an empty widget never replaces a stored answer (a reloaded window
        # stored the automatic "Don't know" over saved answers). A note-only change keeps it.
        value = stored[0]
        _put_back(q, value)
    if stored is not None and (value, note) == (stored[0], stored[1]):
        return  # nothing changed (a note sent again unchanged): nothing to store
    if stored is not None and value == stored[0] and not note and stored[1]:
        # Review r17lead #2: in a second tab the note box came up empty and sent "", which wiped the
        # stored reason. An empty note never replaces a stored one: the reason is kept and shown
        # again (to replace it, write the new reason).
        st.session_state[K.CNOTE + q.id] = stored[1]
        return
    if value is None and expected is None:
        # a note on an automatic answer: it is saved with the answer the placeholder named (the
        # automatic answer is used only while no group answer is stored)
        value = ss.get(K.CDEFAULT, {}).get(q.id)
    if value is None:
        return
    outcome, entry = data.set_group_answer(workshop_id, secret, q.id, value, note, expected)
    if outcome == "saved" and entry is not None:
        ss[K.CSEEN][q.id] = entry.set_at
        ss[K.CSTORED][q.id] = (entry.value, (entry.note or "").strip())
        ss[K.CSAVED] = (q.id, "saved")
        # the Group result tab is drawn from the group's answers: saved inside the live fragment,
        # the whole page must run again or that tab shows (and publishes) the result from before
        ss[K.GROUP_CHANGED] = True
    elif outcome == "changed":
        ss[K.CSAVED] = (q.id, changed_text(q, entry))
        _show_stored(q, entry)
    else:
        ss[K.CSAVED] = (q.id, "failed")


def _put_back(q: Question, value: Any) -> None:
    """Show ``value`` (the stored group answer) in this window's answer widget again."""
    ss = st.session_state
    seeds = ss.setdefault(K.CONSENSUS_SEEDS, {})
    if q.type == "number":
        unknown = value == UNKNOWN
        ss[K.CQ + q.id] = seeds[K.CQ + q.id] = None if unknown else float(value)
        ss[K.CUNK + q.id] = seeds[K.CUNK + q.id] = unknown
    else:
        ss[K.CQ + q.id] = seeds[K.CQ + q.id] = value


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
    ss.setdefault(K.CSTORED, {})[q.id] = (
        (entry.value, (entry.note or "").strip()) if entry is not None else None
    )
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
    st.session_state.setdefault(K.CSTORED, {})[q.id] = (
        (entry.value, (entry.note or "").strip()) if entry is not None else None
    )
    on_change: dict[str, Any] = {"on_change": _save, "args": (q, workshop_id, secret), "disabled": disabled}
    st.markdown(f"**{number}. {q.label.get(lg)}**")
    st.caption(stats_line(q, stats))
    default = stats.default if stats is not None else None
    st.session_state.setdefault(K.CDEFAULT, {})[q.id] = default
    value = entry.value if entry is not None else None
    # the automatic answer is the placeholder: a refresh that moves it never touches what is typed
    placeholder = (
        tr("workshop.consensus.automatic_pick", answer=answer_label_for(q, default))
        if default is not None
        else tr("workshop.consensus.pick")
    )
    cols = st.columns([2, 3])
    if q.type == "choice":
        options, labels = choice_labels(q)
        _seed_prefill(K.CQ + q.id, value)
        cols[0].selectbox(
            tr("workshop.consensus.group_answer"),
            options,
            index=None,
            format_func=lambda v: labels[v],
            key=K.CQ + q.id,
            placeholder=placeholder,
            **on_change,
        )
    else:
        unknown = value == UNKNOWN
        _seed_prefill(K.CQ + q.id, None if unknown or value is None else float(value))
        _seed_prefill(K.CUNK + q.id, unknown)
        cols[0].number_input(
            f"{tr('workshop.consensus.group_answer')} — {number_label(q)}",
            key=K.CQ + q.id,
            value=None,
            placeholder=placeholder,
            **number_kwargs(q),
            **on_change,
        )
        cols[0].checkbox(q.unknown_label.get(lg), key=K.CUNK + q.id, wrap=True, **on_change)
    _seed_prefill(K.CNOTE + q.id, entry.note if entry is not None else "")
    cols[1].text_input(
        tr("workshop.consensus.note"),
        key=K.CNOTE + q.id,
        max_chars=NOTE_MAX,
        placeholder=tr("workshop.consensus.note_placeholder"),
        **on_change,
    )
    # Review r17lead #8: every question draws the same elements on every run (a slot stays empty
    # rather than missing). A confirmation that came or went shifted every field after it, and a
    # shifted field is drawn anew in the browser: the note being typed lost focus on the autosave.
    said, whose, ask = st.empty(), st.empty(), st.empty()
    saved = st.session_state.get(K.CSAVED)
    if saved is not None and saved[0] == q.id:  # the confirmation, next to the control that saved
        if saved[1] == "saved":
            said.success(tr("workshop.consensus.saved_one"), icon=":material/check_circle:")
        elif saved[1] == "failed":
            said.error(tr("workshop.consensus.not_saved_one"), icon=":material/error:")
        else:  # another window changed it meanwhile: said here, where the facilitator is looking
            said.warning(saved[1], icon=":material/sync_problem:")
    if entry is not None:
        whose.caption(tr("workshop.consensus.set_by", name=md_escape(entry.set_by, inline=True)))
        # Review r18lead #3: a tie broken or a majority overruled asks for the reason, beside
        # the field (not blocking: the record says "No reason given" plainly)
        how = how_answered(stats, entry, "consensus", entry.value)
        if how in DECIDED and not (entry.note or "").strip():
            ask.warning(tr(f"workshop.consensus.ask_reason.{how}"), icon=":material/edit_note:")
    elif default is not None:  # nobody chose it: say it is automatic, and by which rule
        whose.caption(
            tr(
                "workshop.consensus.automatic_number"
                if q.type == "number"
                else "workshop.consensus.automatic"
            )
        )


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
