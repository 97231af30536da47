"""Session-state and widget keys of the workshop pages, declared once (see ui/keys.py for the rest)."""

REOPEN_LINK = "wk.reopen.link"  # the private link pasted after a reload (cleared at once)
FAC_LINK_SHOWN = "wk.fac_link.shown"  # the private link is drawn only after this toggle
FAC = "wk.fac"  # {"w": workshop id, "k": facilitator secret} of the workshop this session runs
TOKEN = "wk.token"  # the participant's personal token (also in the URL as ?p=)
CLIENT = "wk.client"  # random id of this browser session: one of the rate-limiting keys
SEEN = "wk.seen"  # (status, round, published, show_names, published at) the participant page last drew; a change redraws it
WIDGET_LANG = "wk.widget_lang"  # language the answer widgets were seeded in
CONSENSUS_SEEDS = "wk.cseeds"  # widget key -> value it was last pre-filled with
MINE = "wk.mine"  # the participant's answers as last saved from this session (question id -> value)
FULL_RERUN = "wk.full"  # set by a refused save: the page redraws whole to say why
STATUS_EVERY = "wk.every"  # this session's seconds between round-status checks (jittered)
CSAVED = "wk.csaved"  # (question id, "saved" | "failed" | message) of the last group answer, said beside it
CSEEN = "wk.cseen"  # question id -> set_at of the group answer this window last drew (None: none set)
VIEW = "wk.view"  # presentation: "board" | "result"

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
CREATE_SECTIONS = "wk.create.sections"
NAMES_TOGGLE = "wk.names"
PUBLISH_TOGGLE = "wk.publish"
