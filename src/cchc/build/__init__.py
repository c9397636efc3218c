"""One build's data, composed: `pipeline` reads, validates and links the content and makes every
output (pages, feeds, reports, checks) before MkDocs writes anything; `digests` says what each page
shows, so that a full build writes unchanged pages from `page_cache` and the preview's
`incremental.Session` renders only the pages a save changed. No MkDocs import: the adapter
(`cchc.adapter`) hands the results to MkDocs.
"""
