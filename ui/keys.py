"""Every session-state key, declared once. Widget keys are built from these prefixes."""

LANG = "lang"  # "en" | "fr"
ANSWERS = "answers"  # question id -> value (the single source of truth for answers)
NOTES = "notes"  # question id -> note text
CHECKLIST = "checklist"  # item id -> {"status", "owner", "note"}
META = "meta"  # title, municipality, department, owner, status
ASSESSMENT_ID = "assessment_id"
VERSION = "version"  # optimistic-concurrency version of the stored assessment
SECTION = "section"  # index of the questionnaire section shown
DETAILS_OPEN = "details_open"  # whether the Assess page opened with its project-details box open
FULL_RUN = "full_run"  # set by a whole-page run of Assess; absent when only its fragment reruns
SECTION_MOVED = "section_moved"  # set when the person moves to another section: focus its heading
PAGE = "page"  # url path of the page this run draws
PRESENT = "present"  # presentation mode on/off
PRESENT_STEP = "present_step"
JOINED_BROWSER = (
    "wk.joined_browser"  # the participant token this browser's cookie named at session start ("" none)
)
PARTICIPANT_TOKEN = "wk.token"  # = ui.workshop_keys.TOKEN (the participant's personal token)
PARTICIPANT = "wk.participant"  # set once a person joined a workshop as a participant (locks navigation)
ACTOR = "actor"  # the name shown in the audit trail for this session's changes
FLASH = "flash"  # one-shot (kind, catalog key, values) shown on the next run (ui/messages.py)
SAVE_ERROR = "save_error"
OUTCOME = "outcome"  # what happened after the advice (mixdecide.details.WhatHappened, JSON-ready) or None

# widget keys (prefix + id)
Q = "q."  # answer widget of a question
UNK = "unk."  # "don't know" checkbox of a number question
NOTE = "note."  # note / evidence field of a question
NOTE_OPEN = "noteopen."  # the toggle that shows a question's note field
CL_STATUS = "cl.status."
CL_OWNER = "cl.owner."
CL_NOTE = "cl.note."
META_FIELD = "meta."
WHAT_HAPPENED = "wh."  # the "What happened" form's fields
SHARE = "share."  # the "Share as a case" form's fields
WIDGET_PREFIXES = (Q, UNK, NOTE, NOTE_OPEN, CL_STATUS, CL_OWNER, CL_NOTE, META_FIELD, WHAT_HAPPENED, SHARE)
LANG_WIDGET = "w.lang"
PRESENT_WIDGET = "w.present"
ACTOR_WIDGET = "w.actor"
SECTION_WIDGET = "w.section"
RULES_SEARCH = "w.rules_search"
SEEN_VISIBLE = "seen_visible"  # questions the questionnaire showed on its last run (to spot new follow-ups)
SEEN_ANSWERED = "seen_answered"  # questions shown as answered on the questionnaire's last run
NEW_FOLLOWUPS = "new_followups"  # follow-ups revealed while answering, still unanswered: marked "new"
GOTO_QUESTION = "goto_question"  # question picked in "Still unanswered": focus it, not its section
