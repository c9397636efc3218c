"""The staff editor of the preview (`quan-tri/` in `cchc serve`): Decap CMS, shipped with the package
(decap/, its version and digests in decap.json), configured from the project (config.py), reading and
writing the working copy through the local-backend protocol Decap speaks to its proxy (workspace.py),
posts translated between the project's front matter and the form's (documents.py). Never part of a
build or a publication."""
