"""Presentation-mode styling and the clicker keys. Static CSS and script only (no user text)."""

import html
import json

import streamlit as st

# Sizes for the back of a room (issue 14): route name and score >= 56 px at 1280x720 and
# larger at 1920x1080; body text >= 28 px; nothing shrinks a key number. Every screen is laid out
# to fit a 720 px-high window without scrolling, so the padding is tight.
_PRESENT_CSS = """
<style>
  header[data-testid="stHeader"] { background: transparent; height: 2.5rem; }
  .stMainBlockContainer { max-width: 1800px; padding: 2.5rem 3rem 0.5rem 3rem; }
  .stMainBlockContainer p, .stMainBlockContainer li,
  .stMainBlockContainer [data-testid="stCaptionContainer"] p,
  .stMainBlockContainer [data-testid="stMarkdownContainer"] p { font-size: 1.75rem; line-height: 1.35; }
  .stMainBlockContainer li { margin-bottom: 0.3rem; }
  .stMainBlockContainer h1 { font-size: 4rem; line-height: 1.1; padding: 0.25rem 0; }
  .stMainBlockContainer h2 { font-size: 2.6rem; line-height: 1.2; padding: 0.25rem 0; }
  .stMainBlockContainer h3 { font-size: 2rem; line-height: 1.3; padding: 0.2rem 0; }
  .stMainBlockContainer h4 { font-size: 1.75rem; line-height: 1.3; padding: 0.2rem 0; }
  .stMainBlockContainer [data-testid="stMetricValue"],
  .stMainBlockContainer [data-testid="stMetricValue"] *,
  .stMainBlockContainer [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
    font-size: 4rem; line-height: 1.15; }
  .stMainBlockContainer [data-testid="stMetricLabel"] p { font-size: 1.75rem; }
  .stMainBlockContainer [data-testid="stText"], .stMainBlockContainer [data-testid="stText"] span {
    font-size: 1.75rem; }
  .stButton button p, .stButton button span { font-size: 1.75rem; }
  [data-testid="stProgress"] p { font-size: 1.75rem; }
  .stMainBlockContainer [data-testid="stVerticalBlock"] { gap: 0.6rem; }
  .stMainBlockContainer code { font-size: 1.75rem; }
  .stMainBlockContainer .st-key-wk-present-code h1 { font-size: 8rem; letter-spacing: 0.05em; }
  .st-key-present-context [data-testid="stText"] { overflow: hidden; text-overflow: ellipsis; }
  .st-key-present-context [data-testid="stText"], .st-key-present-context [data-testid="stText"] span {
    white-space: nowrap; }
  @media (min-height: 1000px) {
    .stMainBlockContainer { padding-top: 4rem; }
    .stMainBlockContainer p, .stMainBlockContainer li,
    .stMainBlockContainer [data-testid="stMarkdownContainer"] p,
    .stMainBlockContainer [data-testid="stCaptionContainer"] p,
    .stMainBlockContainer [data-testid="stText"] span { font-size: 2.25rem; }
    .stMainBlockContainer h1 { font-size: 5rem; }
    .stMainBlockContainer h3 { font-size: 2.6rem; }
    .stMainBlockContainer [data-testid="stMetricValue"],
    .stMainBlockContainer [data-testid="stMetricValue"] *,
    .stMainBlockContainer [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
      font-size: 5rem; }
    .stMainBlockContainer [data-testid="stMetricLabel"] p { font-size: 2.25rem; }
    .stMainBlockContainer [data-testid="stVerticalBlock"] { gap: 1.2rem; }
  }
</style>
"""

# A presenter's clicker sends PageUp/PageDown (some send arrows or Space). The listener clicks the
# on-screen Previous / Next buttons (keys "clicker.prev" / "clicker.next"), so the keys do exactly
# what a click does and Streamlit keeps the state. Keys typed into a field, and Space on a focused
# button (which the browser presses itself), are left alone. Installed once per browser tab.
_CLICKER_JS = """
<script>
(() => {
  if (window.__mixClicker) return;
  window.__mixClicker = true;
  const NEXT = new Set(["ArrowRight", "PageDown", " ", "Spacebar"]);
  const PREV = new Set(["ArrowLeft", "PageUp"]);
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const t = e.target && e.target.closest ? e.target : null;
    // typing in a field, or moving inside a slider or a list, keeps its keys
    if (t && (t.closest("textarea, select, [contenteditable=true], [role=combobox], [role=slider], [role=listbox]")
        || (t.matches("input") && !["checkbox", "radio", "button"].includes(t.type)))) return;
    // Space on a focused button or switch already presses it
    if (t && e.key === " " && t.closest("button, input, [role=button], [role=tab], [role=switch]")) return;
    const which = NEXT.has(e.key) ? "next" : PREV.has(e.key) ? "prev" : null;
    if (!which) return;
    const button = document.querySelector(".st-key-clicker-" + which + " button");
    if (!button) return;
    e.preventDefault();
    if (!button.disabled) button.click();
  });
})();
</script>
"""


def presentation_css() -> None:
    """Enlarge type and metrics while presenting."""
    st.html(_PRESENT_CSS)


def clicker_keys() -> None:
    """←/→, PageUp/PageDown and Space press the Previous / Next buttons keyed "clicker.prev/next"."""
    st.html(_CLICKER_JS, unsafe_allow_javascript=True)


# After "Next section" the page stayed scrolled to the bottom and keyboard focus fell to the page
# body. This moves both to the new section's heading once it is drawn (the nonce makes the element
# new, so the script runs again for each move).
_FOCUS_JS = """
<script>
(() => {
  const selector = %s;
  let tries = 0;
  const go = () => {
    const h = document.querySelector(selector);
    if (!h) { if (tries++ < 40) setTimeout(go, 50); return; }
    h.setAttribute("tabindex", "-1");
    h.scrollIntoView({block: "start"});
    h.focus({preventScroll: true});
  };
  setTimeout(go, 50);
})();
</script>
<!-- %s -->
"""


def focus_heading(selector: str, *, nonce: object) -> None:
    """Scroll to and focus the heading matched by ``selector`` (a static selector, never user text)."""
    st.html(_FOCUS_JS % (json.dumps(selector), html.escape(str(nonce))), unsafe_allow_javascript=True)


# Arrowing through a radio's options used to save a version for every option passed. Here the
# arrows move the focus ring through the options and the answer is chosen where it settles: after a
# short pause, or at once with Space or a click, as before. Installed once per browser tab.
_RADIO_SETTLE_JS = """
<script>
(() => {
  if (window.__mixRadioSettle) return;
  window.__mixRadioSettle = true;
  const KEYS = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1};
  let timer = null;
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (!(e.key in KEYS) || e.altKey || e.ctrlKey || e.metaKey || !t || t.type !== "radio") return;
    const group = t.closest('[role="radiogroup"]');
    if (!group) return;
    const radios = [...group.querySelectorAll('input[type="radio"]:not(:disabled)')];
    const i = radios.indexOf(t);
    if (i < 0) return;
    e.preventDefault();
    e.stopPropagation();
    const next = radios[(i + KEYS[e.key] + radios.length) % radios.length];
    next.focus();
    clearTimeout(timer);
    timer = setTimeout(() => { if (!next.checked) next.click(); }, SETTLE_MS);
  }, true);
})();
</script>
"""
SETTLE_MS = 700


def radio_settle() -> None:
    """Arrow keys in a radio group choose where they stop (after SETTLE_MS), not every option passed."""
    st.html(_RADIO_SETTLE_JS.replace("SETTLE_MS", str(SETTLE_MS)), unsafe_allow_javascript=True)


# Streamlit's page says <html lang="en"> whatever the language, so a screen reader reads French
# with English rules. The script sets the document's language to the session's (a fixed code,
# never user text); it runs again whenever the language changes, because the element's text does.
#
# And spacing for every page at 1280x720: the sidebar's own bottom padding pushed the
# presentation-mode toggle below the window's edge, and the main column started 96 px down.
# Not while presenting: the presentation styling sets its own.
_APP_HEAD = """
<script>document.documentElement.lang = %s;</script>
<style>
  section[data-testid="stSidebar"] [data-testid="stSidebarUserContent"] { padding-bottom: 1rem; }
  section[data-testid="stSidebar"] [data-testid="stSidebarUserContent"] hr { margin: 0.5rem 0; }
  [class*="st-key-cl-status-label-"] { margin-bottom: 0.25rem; }
  [class*="st-key-cl-status-label-"] p { margin: 0; line-height: 1.5; }
  %s
</style>
"""
_MAIN_SPACING = "[data-testid=stMain] .stMainBlockContainer { padding-top: 4rem; padding-bottom: 4rem; }"


def app_head(code: str, *, presenting: bool) -> None:
    """Set ``<html lang>`` to ``code`` ("en" / "fr") and the page spacing; one sidebar element."""
    css = "" if presenting else _MAIN_SPACING
    st.sidebar.html(_APP_HEAD % (json.dumps(code), css), unsafe_allow_javascript=True)
