"""`python -m cchc.cli …`: the `cchc` command, where its script is not on PATH (tests, Windows)."""

from cchc.cli.main import main

raise SystemExit(main())
