"""Machine-readable descriptions of a post page: Dublin Core, Open Graph and schema.org JSON-LD.

Plain data; the template writes it out (JSON-LD through Jinja's `tojson`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin

from cchc.content.settings import Agency
from cchc.dates import format_iso
from cchc.model import Post, Procedure, Task

_FREE = {"không", "miễn phí", "0", "0 đồng"}


@dataclass(frozen=True)
class PostMetadata:
    dublin_core: tuple[tuple[str, str], ...]  # (DC.name, content)
    open_graph: tuple[tuple[str, str], ...]  # (og:property, content)
    json_ld: tuple[dict[str, Any], ...]  # schema.org objects, written with `tojson`


def post_metadata(
    post: Post, tasks: tuple[Task, ...], *, url: str, site_name: str, agency: Agency, image_url: str | None,
    image_size: tuple[int, int] | None = None,
) -> PostMetadata:
    """`image_url`: the cover as shared (its largest published width, `image_size` its pixels)."""
    published = format_iso(post.date)
    modified = format_iso(post.last_change)
    subjects = [f"Nhiệm vụ {task.id} (Kế hoạch {task.year})" for task in tasks] + list(post.tags)
    dublin_core = [
        ("DC.title", post.title), ("DC.creator", post.unit), ("DC.date", published),
        ("DC.description", post.summary), ("DC.publisher", agency.name), ("DC.identifier", url),
        ("DC.language", "vi"), *(("DC.subject", subject) for subject in subjects),
    ]
    open_graph = [
        ("og:type", "article"), ("og:title", post.title), ("og:description", post.summary), ("og:url", url),
        ("og:site_name", site_name), ("og:locale", "vi_VN"),
        ("article:published_time", published), ("article:modified_time", modified),
        *((("og:image", image_url),) if image_url else ()),
        *((("og:image:width", str(image_size[0])), ("og:image:height", str(image_size[1]))) if image_url and image_size else ()),
    ]
    publisher = _organization(agency)
    article = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": post.title[:110],
        "description": post.summary, "datePublished": published, "dateModified": modified,
        "author": {"@type": "Organization", "name": post.unit}, "publisher": publisher,
        "inLanguage": "vi", "mainEntityOfPage": url, "url": url, "keywords": subjects,
        **({"image": image_url} if image_url else {}),
    }
    graph = [article]
    if post.procedure is not None:
        graph.append(_service(post.procedure, url=url, publisher=publisher))
    return PostMetadata(tuple(dublin_core), tuple(open_graph), tuple(graph))


Describe = Callable[[Post, tuple[Task, ...]], PostMetadata | None]  # a post and its tasks -> its metadata


def describer(*, site_url: str, site_name: str, agency: Agency) -> Callable[[Post, tuple[Task, ...]], PostMetadata]:
    """`post_metadata` with absolute URLs under `site_url`: made of the settings only (the preview keeps a post's
    page from build to build, and the function it holds with it: it must not hold a build's site)."""
    base = site_url.rstrip("/") + "/"

    def describe(post: Post, tasks: tuple[Task, ...]) -> PostMetadata:
        url = urljoin(base, post.url)
        cover = post.cover
        # Shared at its largest width (at most 1600 pixels: social networks show 1200 and up sharply).
        shared = cover.largest if cover else None
        image = urljoin(url, quote(shared.name if shared else post.image)) if post.image else None
        return post_metadata(post, tasks, url=url, site_name=site_name, agency=agency, image_url=image,
                             image_size=(shared.width, shared.height) if shared else None)

    return describe


def _organization(agency: Agency) -> dict[str, Any]:
    return {
        "@type": "GovernmentOrganization", "name": agency.name, "address": agency.address,
        "telephone": agency.phone, "email": agency.email,
    }


def _service(procedure: Procedure, *, url: str, publisher: dict[str, Any]) -> dict[str, Any]:
    provider = {**publisher, "name": procedure.agency} if procedure.agency else publisher
    channels = [
        {
            "@type": "ServiceChannel", "name": channel.channel,
            **({"serviceUrl": procedure.url} if procedure.url and "tuyến" in channel.channel.lower() else {}),
            **_processing_time(channel.duration),
        }
        for channel in procedure.channels
    ]
    if procedure.url and not any("serviceUrl" in channel for channel in channels):
        channels.append({"@type": "ServiceChannel", "name": "Trực tuyến", "serviceUrl": procedure.url})
    service: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "GovernmentService", "name": procedure.name,
        "serviceType": procedure.field, "provider": provider, "url": url, "availableChannel": channels,
        **_processing_time(procedure.duration),
    }
    if procedure.code:
        service["identifier"] = procedure.code
    if procedure.applicants:
        service["audience"] = {"@type": "Audience", "audienceType": procedure.applicants}
    if procedure.fee:
        free = procedure.fee.strip().lower() in _FREE
        service["offers"] = {"@type": "Offer", "description": procedure.fee, "priceCurrency": "VND",
                             **({"price": 0} if free else {})}
    return service


def _processing_time(text: str) -> dict[str, str]:
    """An ISO 8601 duration for "05 ngày làm việc"-style texts, with the words kept beside it."""
    match = re.search(r"(\d+)\s*ngày", text)
    if not match:
        return {"description": text} if text else {}
    return {"processingTime": f"P{int(match.group(1))}D", "description": f"Thời hạn giải quyết: {text}"}
