"""Domain core of the CCHC news site: load, validate, link, render data.

Nothing in this package imports MkDocs; `hooks/cchc_hooks.py` adapts it.
"""
