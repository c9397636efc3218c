"""The feedback service (góp ý, đánh giá): the only dynamic part of the site.

A small WSGI application (Falcon) that answers nothing but two POST endpoints under the site's
sub-path, `api/gop-y` (a citizen's question) and `api/danh-gia` (a page rating), validates what
arrives and stores it durably in SQLite. Staff read and answer from the server's command line
(`cchc gop-y …`, staff.py). It imports nothing from MkDocs: the static build never reads its database.

For an embedding server (the preview of `cchc serve`):

    settings = read_feedback_settings(config, root)   # the merged mkdocs.yml as a dict, its folder
    app = create_app(settings)                         # a WSGI callable; mount it at the site's origin
    serve(settings, host="127.0.0.1", port=8090)      # or run it alone with waitress
"""

from __future__ import annotations

from .app import create_app
from .config import FeedbackSettings, SettingsError, read_feedback_settings
from .server import serve

__all__ = ["FeedbackSettings", "SettingsError", "create_app", "read_feedback_settings", "serve"]
