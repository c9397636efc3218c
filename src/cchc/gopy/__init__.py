"""The feedback service (góp ý, đánh giá): the only dynamic part of the site.

A small WSGI application (Falcon) that answers nothing but two POST endpoints under the site's
sub-path, `api/gop-y` (a citizen's question) and `api/danh-gia` (a page rating), validates what
arrives and stores it durably in SQLite. Staff read and answer from the server's command line
(`cchc gop-y …`, cchc.cli.feedback). It imports nothing from MkDocs: the static build never reads its database.

For an embedding server (the preview of `cchc serve`), with the project's settings (cchc.content.settings):

    from cchc.gopy.app import create_app
    app = create_app(settings)                         # a WSGI callable; mount it at the site's origin

    from cchc.gopy.server import serve
    serve(settings, host="127.0.0.1", port=8090)      # or run it alone with waitress

The app answers only `POST <sub-path>api/gop-y` and `POST <sub-path>api/danh-gia` (the sub-path of
`site_url`, "/cchc/"), so it can sit at the root of the origin beside the static pages.

(Nothing is imported here: every `cchc` command loads the staff commands, and only the service
needs Falcon.)
"""
