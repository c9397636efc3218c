"""`cchc serve`: the staff's preview on http://127.0.0.1:8000/<sub-path>/. `server` builds (MkDocs,
through the adapter), watches the files and rebuilds after each save, only the pages whose inputs
changed (`cchc.build.incremental`); `http` answers the browser (pages, the reload long poll, the
feedback form through the service's own WSGI application); `pages` is what the preview adds to a
page: the reload script, the error page while the content has errors, the restart notice.
"""
