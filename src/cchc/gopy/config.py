"""What the service needs from the project's settings (`extra.cchc.feedback`, the agency's hotline,
the site's address), derived once from the one typed reader (cchc.content.settings) into a frozen value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc import urls
from cchc.content.settings import Settings


@dataclass(frozen=True)
class ServiceConfig:
    database: Path
    base_path: str          # the site's sub-path, "/cchc/": the endpoints are under it
    # Receipts link the answer's page under it: the public address, or while there is no real one (the
    # preview, a test) the sub-path alone, which a browser resolves on the origin that served the form,
    # never a sample address. `cchc gop-y chay` refuses to start without a real one (cli/feedback.py).
    site_url: str
    agency_name: str
    hotline: str            # said on every refusal that is not the citizen's doing
    retention_days: int = 730
    max_content: int = 5000
    max_body_kb: int = 32
    max_database_mb: int = 500
    rate_per_minute: int = 30
    rate_burst: int = 30
    min_fill_seconds: int = 3
    # Status lookups (GET api/tra-cuu/<mã>) have their own limit, separate from the posts'
    # (extra.cchc.feedback.lookup_per_minute, lookup_burst).
    lookup_per_minute: int = 20
    lookup_burst: int = 10
    trusted_proxies: tuple[str, ...] = ()  # over TCP, the peers whose X-Real-IP is believed (never loopback)
    # The built site's page shell (bien-nhan/index.html of the folder nginx serves): the service's pages take
    # the site's look from it. None, or a file that cannot be read: the service's own plain page.
    page_shell: Path | None = None

    @property
    def max_body_bytes(self) -> int:
        return self.max_body_kb * 1024

    @property
    def question_endpoint(self) -> str:
        return self.base_path + urls.QUESTION_ENDPOINT

    @property
    def rating_endpoint(self) -> str:
        return self.base_path + urls.RATING_ENDPOINT

    @property
    def status_endpoint(self) -> str:
        """The prefix of the status lookup; the code follows it."""
        return self.base_path + urls.STATUS_ENDPOINT


def service_config(settings: Settings, *, site: Path | None = None) -> ServiceConfig:
    """`site`: the built site's folder (the server's published one, the preview's), where the page shell is."""
    feedback = settings.options.feedback
    return ServiceConfig(
        database=settings.feedback_database,
        base_path=settings.base_path,
        site_url=settings.site_url if settings.address_problem is None else settings.base_path,
        agency_name=settings.agency.name,
        hotline=settings.agency.hotline,
        retention_days=feedback.retention_days,
        max_content=feedback.max_content,
        max_body_kb=feedback.max_body_kb,
        max_database_mb=feedback.max_database_mb,
        rate_per_minute=feedback.rate_per_minute,
        rate_burst=feedback.rate_burst,
        min_fill_seconds=feedback.min_fill_seconds,
        lookup_per_minute=feedback.lookup_per_minute,
        lookup_burst=feedback.lookup_burst,
        trusted_proxies=feedback.trusted_proxies,
        page_shell=site / urls.SERVICE_SHELL / "index.html" if site is not None else None,
    )
