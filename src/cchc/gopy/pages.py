"""The service's HTML answers for browsers without script: a receipt, the form again with the
message at each field, a short notice. Jinja with autoescape and strict undefined: what a citizen
typed is text on the page, whatever it contains. The form itself is the same template the static
`gop-y/` page includes (templates/form-gop-y.html)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from cchc import urls
from cchc.gopy.clean import LIMITS
from cchc.gopy.config import ServiceConfig


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("cchc.gopy"), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class FeedbackForm:
    """`feedback` in the form templates (`cchc_feedback` on the static pages): where the forms post
    and what they say, for the service and the static pages alike."""

    action: str
    rating_action: str
    limits: Mapping[str, int]  # characters per field
    hotline: str
    agency_name: str
    retention_days: int
    answers_url: str  # an absolute path: the service's pages are not under the static site's folders


def form_context(settings: ServiceConfig) -> FeedbackForm:
    return FeedbackForm(action=settings.question_endpoint, rating_action=settings.rating_endpoint,
                        limits={**LIMITS, "noi_dung": settings.max_content}, hotline=settings.hotline,
                        agency_name=settings.agency_name, retention_days=settings.retention_days,
                        answers_url=settings.base_path + urls.ANSWERS)


def render_page(settings: ServiceConfig, *, title: str, message: str = "", code: str = "", answer_url: str = "",
                form: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None,
                back: str = "") -> str:
    return environment().get_template("page.html").render(
        base=settings.base_path, title=title, message=message, code=code, answer_url=answer_url,
        show_form=form is not None, values=dict(form or {}), errors=dict(errors or {}), back=back,
        feedback=form_context(settings),
    )
