"""What a build keeps for the next one, and the thread that stores it.

`disk`: entries on disk (`.cache/cchc/`, one SQLite file), filed by kind and salt; `memo`: what was
read from each file, kept in memory while the file is unchanged (the preview); `background`: the
worker thread that stores entries and streams pages while the build renders on. Lowest of the
packages: the Markdown renderer, the content readers and the build all use it; it uses none of them.
"""
