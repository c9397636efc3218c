"""Putting the site on the Sở's server: the go-live checklist that must pass first (`checklist`:
`cchc preflight`, and the gate of `cchc publish`), releases built, verified and switched atomically
with rollback (`release`), and the Content-Security-Policy of the built pages checked against the
shipped nginx configuration (`csp`).
"""
