"""Markdown and HTML: a body rendered once by Python-Markdown with the site's extensions, the facts the
build checks read from its element tree, the policy on raw HTML, the time limit that bounds a
conversion, and the Jinja details of the project's templates.

Below the content readers, which render each body while they validate it (a link to a missing file
is an error at its line before anything is built).
"""
