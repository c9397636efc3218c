"""`cchc`, the command line of staff and the webmaster: `new`, `check`, `report`, `serve`, `build`
(`main`); `preflight`, `samples`, `new-plan` (`golive`); `gop-y …`, the feedback commands on the
server (`feedback`). Every message in Vietnamese (`argparse_vi`), exit codes and the project's
settings shared by all (`common`). `python -m cchc.cli` runs it too (`__main__`).
"""
