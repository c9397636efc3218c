"""Issue 22, item 6: where a body's facts are (the line of each link, image, heading link, refused
snippet) is found in time linear in the body: a scan per link made a post under 1 MB with 50,000
autolinks take 18 minutes in `cchc check`, outside the Markdown time limit, on every build and preview
save. Measured as a ratio within the run (four times the facts, about four times the work; support/growth.py),
never against a fixed time; the same posts through `cchc check`: tests/build/test_bounds.py."""

from __future__ import annotations

import pytest
from support.fact_shapes import SHAPES, SITE_EXTENSIONS
from support.growth import FACTOR, LINEAR_AT_MOST, growth

from cchc.render import markdown as markdown_render
from cchc.render.markdown import PostRenderer


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_more_facts_cost_proportionally_more(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_render, "MARKDOWN_SECONDS", 600.0)  # a loaded machine must not cut these short
    renderer = PostRenderer(SITE_EXTENSIONS, {})
    # Distinct texts cost a compiled pattern each before: linear at first, so they take more to show.
    n = 5_000 if shape.startswith("distinct") else 2_500
    bodies = {size: SHAPES[shape](size) for size in (n, FACTOR * n)}
    converted = {size: renderer._convert(body, markdown_render.MARKDOWN_SECONDS) for size, body in bodies.items()}
    assert growth(lambda size: markdown_render._with_lines(converted[size], bodies[size], 7), n) < LINEAR_AT_MOST, shape


def test_the_facts_keep_their_lines() -> None:
    renderer = PostRenderer(SITE_EXTENSIONS, {})
    body = SHAPES["one file linked again and again"](3) + "\n\n" + SHAPES["headings and links to them"](2)
    facts = renderer.render(body, body_line=7).facts
    assert facts.files == (("a.pdf", 7), ("a.pdf", 9), ("a.pdf", 11))
    assert facts.anchors == (("muc-0", 15), ("muc-1", 19))
    problems = renderer.render(SHAPES["refused raw HTML"](3), body_line=7).facts.problems
    assert [(line, "`onclick`" in message) for line, message in problems] == [(7, True), (9, True), (11, True)]
