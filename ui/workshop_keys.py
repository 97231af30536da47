"""Session-state and widget keys of the workshop pages, declared once (see ui/keys.py for the rest)."""

from ui import keys as _keys

REOPEN_LINK = "wk.reopen.link"  # the private link pasted after a reload (cleared at once)
FAC_LINK_OPEN = "wk.fac_link.open"  # the private link's expander (the link is drawn only while open)
FAC_LINK_SHOWN = "wk.fac_link.shown"  # the toggle in it that draws the link (a second, deliberate step)
FAC_KEPT = "wk.fac.kept"  # the workshop id whose key this session had the browser keep (a cookie)
TOKEN = _keys.PARTICIPANT_TOKEN  # the participant's personal token (also in the URL as ?p=)
FAC = "wk.fac"  # {"w": workshop id, "k": facilitator secret} of the workshop this session runs

WINDOW = "wk.window"  # this facilitator window's id (a browser session's: ``workshop_data.window``)
WINDOW_KEPT = "wk.window.kept"  # the browser was asked to keep it
CLIENT = "wk.client"  # random id of this browser session: one of the rate-limiting keys
SEEN = "wk.seen"  # (status, round, published, show_names, published at) the participant page last drew; a change redraws it
WIDGET_LANG = "wk.widget_lang"  # language the answer widgets were seeded in
CONSENSUS_SEEDS = "wk.cseeds"  # widget key -> value it was last pre-filled with
PREVIOUS = "wk.previous"  # this browser's participant link that stopped working (removed), for a rejoin
PENDING = (
    "wk.pending"  # the follow-ups the participant's answers opened and they have not answered (as drawn)
)
MINE = "wk.mine"  # the participant's answers as last saved from this session (question id -> value)
FULL_RERUN = "wk.full"  # set by a refused save: the page redraws whole to say why
STATUS_EVERY = "wk.every"  # this session's seconds between round-status checks (jittered)
CSAVED = "wk.csaved"  # (question id, "saved" | "failed" | message) of the last group answer, said beside it
CDEFAULT = "wk.cdefault"  # question id -> the automatic answer its placeholder last named (None: none)
CSTORED = "wk.cstored"  # question id -> (value, note) of the group answer this window last drew
CSEEN = "wk.cseen"  # question id -> set_at of the group answer this window last drew (None: none set)
ASK = "wk.ask"  # the confirmation on screen: "unlock" | "close" | "names" | "apply" (None: none)
GROUP_CHANGED = "wk.gchanged"  # a group answer was saved in a fragment run: the whole page redraws
VIEW = "wk.view"  # presentation: "board" | "result"
BOARD_PAGE = "wk.board_page"  # presentation: which screen of the board's questions (0-based)

# widget keys (prefix + question id)
PQ = "wk.q."  # participant's answer
PUNK = "wk.unk."  # participant's "don't know" for a number question
CQ = "wk.c."  # facilitator's group answer
CUNK = "wk.cunk."
CNOTE = "wk.cnote."
WIDGET_PREFIXES = (PQ, PUNK, CQ, CUNK, CNOTE)

JOIN_CODE = "wk.join.code"
JOIN_NAME = "wk.join.name"
CREATE_ASSESSMENT = "wk.create.assessment"
CREATE_TITLE = "wk.create.title"
CREATE_FACILITATOR = "wk.create.facilitator"
CREATE_SECTIONS = "wk.create.sections"
NAMES_TOGGLE = "wk.names"
PUBLISH_TOGGLE = "wk.publish"
FOLDED = "wk.present.folded"  # the room screen folded the sidebar when it opened (once)
