"""Writing content files for people: a new post with complete, valid front matter (`cchc new`), the
skeleton of a year's plan (`cchc new-plan`), and the sample content shipped with the repository and
its removal before going live (`cchc samples`). What is written here passes the readers of
`cchc.content` as it is, but for the values a person must fill in.
"""
