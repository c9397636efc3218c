"""Site search without a server: a static index of the searched pages, split in small gzip shards so
that one query downloads a few of them (`index`: the format and how it is built); the terms of a
word (`terms`, computed alike by the search script); the abbreviations staff keep
(`du-lieu/viet-tat.yml`); the index made in a second process while a build renders (`process`) and
kept in memory, page by page, by the preview (`live`).
"""
