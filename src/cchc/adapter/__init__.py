"""The MkDocs side: the only package that imports MkDocs or knows Material (tests/unit/test_layering.py).

`plugin`: the build's events, handed to the core (`hooks/cchc_hooks.py` forwards MkDocs' events to
it); `internals`: every use of MkDocs' or Material's behaviour beyond their documented plugin API,
each with the version it was checked against and a test; `config`: mkdocs.yml read by MkDocs' own
loader and schema; `log`: MkDocs' log in Vietnamese; `build`: `cchc build`. Replacing the engine
(the decision record, quyet-dinh/0001-mkdocs-het-vong-doi.md) touches this package only.
"""
