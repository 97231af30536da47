"""Presentation-mode styling and the clicker keys. Static CSS and script only (no user text)."""

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
  .stMainBlockContainer [data-testid="stMetricDelta"], .stMainBlockContainer [data-testid="stMetricDelta"] * {
    font-size: 1.75rem; }
  .stMainBlockContainer [data-testid="stText"], .stMainBlockContainer [data-testid="stText"] span {
    font-size: 1.75rem; }
  .stButton button p, .stButton button span { font-size: 1.75rem; }
  [data-testid="stProgress"] p { font-size: 1.75rem; }
  .stMainBlockContainer [data-testid="stVerticalBlock"] { gap: 0.6rem; }
  .stMainBlockContainer code { font-size: 1.75rem; }
  /* line-height 1.3: at 1.1 the code's glyphs ran 10 px below its box, under the link (r17room #6) */
  .stMainBlockContainer .st-key-wk-present-code h1 { font-size: 8rem; letter-spacing: 0.05em; line-height: 1.3; }
  /* its box still ran 12 px into the link below at 1280x720 (measured): room under it */
  .stMainBlockContainer .st-key-wk-present-code { margin-bottom: 1.25rem; }
  /* a line for the facilitator (a localhost join link), not for the room: it keeps the code in view */
  .stMainBlockContainer .st-key-wk-present-local p { font-size: 1.1rem; line-height: 1.3; }
  /* The sidebar, opened while presenting (it starts folded), lies over the slide like a drawer:
     beside it, the slide was squeezed to 980 px at 1280x720 and its text and buttons clipped
     (review r17room #4). The slide keeps the whole width and its layout. */
  section[data-testid="stSidebar"][data-collapsed="false"] {
    position: fixed !important; top: 0; left: 0; bottom: 0; z-index: 999990;
    box-shadow: 0 0 2rem rgba(0, 0, 0, 0.25); }
  /* Home / End press these (clicker keys); never drawn */
  .st-key-clicker-jump { display: none; }
  /* a click on the slide focuses its container: no frame round the projected slide (review r16fac
     #15); nor after a clicker's key: Streamlit then framed the region (an inset shadow on its
     ::before) through the Exit button (review r19fac #11); a control keeps its ring (:focus-visible) */
  [data-testid="stMain"]:focus, [data-testid="stMain"] :focus:not(:focus-visible) {
    outline: none; }
  [data-testid="stMain"]::before { box-shadow: none !important; }  /* Streamlit's focus frame */
  /* the title is shortened to one line (pages), and wraps rather than hide the round's status */
  .st-key-present-context [data-testid="stText"], .st-key-present-context [data-testid="stText"] span {
    white-space: normal; overflow-wrap: anywhere; }
  /* a result's state (provisional, published) at the status line's size: read from the back */
  .st-key-present-context [data-testid="stMarkdownContainer"] span { font-size: 1.75rem !important; }
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

# A presenter's clicker sends PageUp/PageDown (some send arrows, Up/Down or Space); Home and End go to the
# first and last screens and Esc leaves, as Exit does (review r17room #5). The listener clicks the
# on-screen Previous / Next buttons (keys "clicker.prev" / "clicker.next"; Home and End the unseen
# "clicker.first" / "clicker.last", Esc the Exit button), so the keys do exactly
# what a click does and Streamlit keeps the state. Shift+Space goes back. Keys typed into a field,
# and Space on a focused button in the slide (which the browser presses itself), are left alone.
# Reviews r16fac #1 / r16head #5: after the sidebar's "Presentation mode" toggle was clicked, the
# focus stayed on it (the sidebar folds away), so Space switched presentation off. The listener
# runs first (capture) and takes every key from the sidebar while it is folded, and from that
# toggle; and when a presentation starts, the focus leaves the sidebar. Installed once per tab.
_CLICKER_JS = """
<script>
(() => {
  const a = document.activeElement;
  if (a && a.closest && a.closest('[data-testid=stSidebar]')) a.blur();
  if (window.__mixClicker) return;
  window.__mixClicker = true;
  // Down / Up as well: some clickers send them, keyboard users expect them (review r18fac #17)
  const NEXT = new Set(["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"]);
  const PREV = new Set(["ArrowLeft", "ArrowUp", "PageUp"]);
  const JUMP = {Home: "first", End: "last", Escape: "exit", Esc: "exit"};
  const EXIT = ".st-key-present-exit button, .st-key-wk-present-exit button";
  const folded = (t) => {
    const side = t.closest('[data-testid=stSidebar]');
    if (!side) return false;
    return side.getAttribute("aria-expanded") === "false" || side.getBoundingClientRect().right <= 1
      || !!t.closest(".st-key-w-present");
  };
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    if (!document.querySelector(".st-key-clicker-next button")) return;  // not presenting
    const t = e.target && e.target.closest ? e.target : null;
    const away = t && folded(t);
    if (t && !away) {
      // typing in a field, or moving inside a slider or a list, keeps its keys
      if (t.closest("textarea, select, [contenteditable=true], [role=combobox], [role=slider], [role=listbox]")
          || (t.matches("input") && !["checkbox", "radio", "button"].includes(t.type))) return;
      // Space on a focused button or switch already presses it
      // (but the view switch's option already chosen does nothing with it: the slides take it)
      if (e.key === " " && t.closest("button, input, [role=button], [role=tab], [role=switch]")
          && !t.closest("[role=radio][aria-checked=true]")) return;
    }
    const space = e.key === " " || e.key === "Spacebar";
    const which = space && e.shiftKey ? "prev" : NEXT.has(e.key) ? "next" : PREV.has(e.key) ? "prev"
      : JUMP[e.key] || null;
    if (!which) return;
    // Esc leaves presentation mode, as the Exit button and the sidebar's toggle do
    const button = which === "exit" ? document.querySelector(EXIT)
      : document.querySelector(".st-key-clicker-" + which + " button");
    if (!button) return;
    e.preventDefault();
    e.stopPropagation();
    if (away) t.blur();
    if (!button.disabled) button.click();
  }, true);
})();
</script>
"""


def presentation_css() -> None:
    """Enlarge type and metrics while presenting."""
    st.html(_PRESENT_CSS)


# Review r18fac #4: "Show on the room screen" left the sidebar open on the room's screen (navigation,
# "Your name", 14 px), while the sidebar's own toggle folded it. set_page_config's
# initial_sidebar_state does not override a sidebar the person opened or closed before (Streamlit
# keeps their choice across reruns), so the room screen folds it itself, once, when it opens: the
# facilitator can still open it again with the chevron.
_FOLD_SIDEBAR_JS = """
<script>
(() => {
  let tries = 0;
  const fold = () => {
    const side = document.querySelector('section[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (side && side.getAttribute("aria-expanded") === "false") return;  // folded already: done
    if (side && button) { button.click(); return; }
    if (tries++ < 40) setTimeout(fold, 50);  // the sidebar is drawn after the main area
  };
  setTimeout(fold, 0);
})();
</script>
"""


def fold_sidebar() -> None:
    """Fold the sidebar once (a presentation screen opening); drawn in the sidebar, so nothing in
    the main area moves."""
    st.sidebar.html(_FOLD_SIDEBAR_JS, unsafe_allow_javascript=True)


def clicker_keys() -> None:
    """←/→, PageUp/PageDown and Space press the Previous / Next buttons keyed "clicker.prev/next"."""
    st.html(_CLICKER_JS, unsafe_allow_javascript=True)


# After "Next section" the page stayed scrolled to the bottom and keyboard focus fell to the page
# body. This moves both to the new section's heading once it is drawn (the nonce makes the element
# new, so the script runs again for each move). The nonce is in the script itself: in an HTML
# comment it was stripped, the second move drew the same element, and its script did not run again.
_FOCUS_JS = """
<script>
(() => {
  const selector = %s, move = %s;
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
"""


def focus_heading(selector: str, *, nonce: object) -> None:
    """Scroll to and focus the heading matched by ``selector`` (a static selector, never user text)."""
    st.html(
        _FOCUS_JS % (json.dumps(selector), json.dumps(str(nonce)).replace("<", "\\u003c")),
        unsafe_allow_javascript=True,
    )


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
#
# And a paste longer than a field's limit is cut to fit: Streamlit dropped the whole paste and said
# nothing (review r19head #2), while the page promises "longer text is cut off as you type or
# paste". The limit is read from the field's own counter ("13/120"), shown while it has focus.
# (No regular expression and no backslash in it: Streamlit's HTML element broke a regex's slashes.)
_APP_HEAD = """
<script>
document.documentElement.lang = %s;
(() => {
  if (window.__mixPasteFit) return;
  window.__mixPasteFit = true;
  document.addEventListener("paste", (e) => {
    const el = e.target;
    if (!el || (el.tagName !== "INPUT" && el.tagName !== "TEXTAREA")) return;
    const box = el.closest('[data-testid="stTextInput"], [data-testid="stTextArea"]');
    const counter = box && box.querySelector('[data-testid="InputInstructions"]');
    const count = counter && counter.lastElementChild ? counter.lastElementChild.textContent.split("/") : [];
    const max = count.length === 2 ? parseInt(count[1], 10) : NaN;
    if (!(max > 0)) return;  // no counter: no limit known
    let text = (e.clipboardData && e.clipboardData.getData("text/plain")) || "";
    if (el.tagName === "INPUT") text = text.split(String.fromCharCode(13)).join("").split(String.fromCharCode(10)).join(" ");
    const selected = (el.selectionEnd || 0) - (el.selectionStart || 0);
    const room = max - (el.value.length - selected);
    if (text.length <= room) return;
    e.preventDefault();
    if (room > 0) document.execCommand("insertText", false, Array.from(text).slice(0, room).join(""));
  }, true);
})();
</script>
<style>
  section[data-testid="stSidebar"] [data-testid="stSidebarUserContent"] { padding-bottom: 1rem; }
  section[data-testid="stSidebar"] [data-testid="stSidebarUserContent"] hr { margin: 0.5rem 0; }
  [class*="st-key-cl-status-label-"] { margin-bottom: 0.25rem; }
  /* the facilitator's join code on one line, under its label (it broke as "GW2-" / "8MA" at 1280) */
  .st-key-wk-join-code h1 { white-space: nowrap; font-size: 2.25rem; padding: 0.25rem 0 0 0; }
  [class*="st-key-cl-status-label-"] p { margin: 0; line-height: 1.5; }
  /* a link in a page's narrow column wraps rather than lose its end ("See the recommendation so fa") */
  [data-testid="stMain"] [data-testid="stPageLink"] span,
  [data-testid="stMain"] [data-testid="stPageLink"] p { white-space: normal; overflow: visible; }
  %s
</style>
"""
_MAIN_SPACING = "[data-testid=stMain] .stMainBlockContainer { padding-top: 4rem; padding-bottom: 4rem; }"


def app_head(code: str, *, presenting: bool) -> None:
    """Set ``<html lang>`` to ``code`` ("en" / "fr") and the page spacing; one sidebar element."""
    css = "" if presenting else _MAIN_SPACING
    st.sidebar.html(_APP_HEAD % (json.dumps(code), css), unsafe_allow_javascript=True)
