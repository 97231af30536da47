"""The project's Streamlit settings that a deployment depends on (``.streamlit/config.toml``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_a_running_server_never_reloads_the_projects_modules():
    """Streamlit's file watcher drops every project module when one source file changes; the next
    run then declared the store's tables a second time, which SQLAlchemy refuses, and every page
    of every session showed "This app has encountered an error" until the server was restarted
    (review: a department head lost the app twice while the code was edited on the same machine)."""
    server = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["server"]
    assert server["fileWatcherType"] == "none"
    assert server["runOnSave"] is False


def test_the_upload_cap_matches_the_apps_import_limit():
    """The upload widget refuses what the app would refuse anyway (2 MB JSON imports)."""
    from mixdecide.reports.jsonio import MAX_IMPORT_BYTES

    cap_mb = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["server"]["maxUploadSize"]
    assert MAX_IMPORT_BYTES <= cap_mb * 1024 * 1024 < 2 * MAX_IMPORT_BYTES
