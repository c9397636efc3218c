"""Jinja details of the project's templates that do not depend on MkDocs."""

from __future__ import annotations

from dataclasses import is_dataclass
from typing import Any

from jinja2 import TemplateRuntimeError, Undefined, UndefinedError
from jinja2.utils import missing


def is_project_object(value: object) -> bool:
    """One of the project's own typed objects (contexts, posts, tasks…): a dataclass of `cchc`."""
    return type(value).__module__.startswith("cchc.") and is_dataclass(value)


class ProjectUndefined(Undefined):
    """Strict for the project's objects, lenient for everything else.

    Material's templates rely on Jinja's lenient undefined (`page.meta.x` when there is none), so
    the environment keeps it; but a misspelt name on our own data (`cchc.pots`, `post.titel`)
    raises at once, so the build fails in tests instead of rendering a blank.
    """

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = missing, name: str | None = None,
                 exc: type[TemplateRuntimeError] = UndefinedError) -> None:
        if obj is not missing and is_project_object(obj):
            raise UndefinedError(f"{type(obj).__name__} has no attribute {name!r} (template data of the cchc package)")
        super().__init__(hint, obj, name, exc)
