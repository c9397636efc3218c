"""What several test modules share, in one place: test modules import helpers from here (and take
fixtures from conftest.py), never from one another.

Importing this package or any module of it but `support.browser` never imports Playwright.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXED_NOW = "2026-01-01 00:00"
