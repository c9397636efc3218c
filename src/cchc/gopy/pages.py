"""The service's HTML answers for browsers without script: a receipt, the form again with the
message at each field, a short notice. Jinja with autoescape and strict undefined: what a citizen
typed is text on the page, whatever it contains. The form itself is the same template the static
`gop-y/` page includes (templates/form-gop-y.html)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .. import urls
from .clean import LIMITS
from .config import ServiceConfig


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("cchc.gopy"), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def form_context(settings: ServiceConfig) -> dict[str, object]:
    """What the question form needs, for the service and for the static page alike."""
    return {"action": settings.question_endpoint, "rating_action": settings.rating_endpoint,
            "limits": {**LIMITS, "noi_dung": settings.max_content}, "hotline": settings.hotline,
            "agency_name": settings.agency_name, "retention_days": settings.retention_days,
            "answers_url": settings.base_path + urls.ANSWERS}


def render_page(settings: ServiceConfig, *, title: str, message: str = "", code: str = "", answer_url: str = "",
                form: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None,
                back: str = "") -> str:
    return environment().get_template("page.html").render(
        base=settings.base_path, title=title, message=message, code=code, answer_url=answer_url,
        show_form=form is not None, values=dict(form or {}), errors=dict(errors or {}), back=back,
        feedback=form_context(settings),
    )
