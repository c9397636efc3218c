"""Every URL of the site, in one place (the URL table of docs/architecture.md).

URLs are site-relative directory URLs ("tin-tuc/2022/03/tap-huan/"): templates turn them into
links relative to the page with MkDocs' `url` filter, and feeds and metadata join them to `site_url`.
Model objects (posts, tasks, plans, units, tags, months, reports) expose them as `.url`; templates
take the fixed ones from the `cchc_urls` global (`Links` below) and never assemble a path.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, unquote, urlsplit

HOME = ""
MOUNT = "/cchc/"  # the site's sub-path in deploy/nginx/cchc.conf; the preview and the service use it while site_url is unset
NEWS = "tin-tuc/"
PLANS = "ke-hoach/"
UNITS = "don-vi/"
TAGS = "chu-de/"
PROCEDURES = "thu-tuc-hanh-chinh/"
FEEDBACK = "gop-y/"  # the question form
SERVICE_DOWN = f"{FEEDBACK}tam-ngung/"  # nginx's error_page when the feedback service cannot answer
ANSWERS = "hoi-dap/"  # published answers (Hỏi đáp), newest first
QUESTION_ENDPOINT = "api/gop-y"  # the feedback service (src/cchc/gopy/): POST only
RATING_ENDPOINT = "api/danh-gia"
STATUS_ENDPOINT = "api/tra-cuu/"  # GET api/tra-cuu/<mã>: where a question stands (src/cchc/gopy/status.py)
# The status page: nginx serves it (try_files) at hoi-dap/<mã>/ until the answer is published there, so it
# sits at the same depth as an answer (its relative links hold at both addresses).
ANSWER_LOOKUP = f"{ANSWERS}tra-cuu/"
# The site's page shell for the service's pages without script (the receipt, the form again): a built page
# whose content the service replaces. One folder deep, like the service's addresses (api/gop-y is in api/),
# so its relative links resolve the same from there.
SERVICE_SHELL = "bien-nhan/"
SEARCH = "tim-kiem/"
EDITOR = "quan-tri/"  # the staff editor: served by the preview only (src/cchc/editor/), never built or published
EDITOR_API = f"{EDITOR}api/v1"  # the editor's protocol (Decap CMS's local backend), POST only
FORGEJO_API = "api/v1"  # not the site's: where a Forgejo server answers its API (the editor on the Sở's Git server)
SEARCH_DATA = "tim-kiem/du-lieu/"  # the search index (src/cchc/search/index.py)
SITEMAP_PAGE = "so-do-trang/"
SITEMAP_XML = "sitemap.xml"  # written by MkDocs
FEED = "feed.xml"  # the site feed; a page's own feed is `feed_of(page)`
FEEDS_PAGE = "theo-doi/"  # what RSS is, and every feed of the site: where every visible RSS link goes
AGENCY_CSS = "assets/stylesheets/co-quan.css"  # the agency's colours, written from extra.cchc.agency
PLACEHOLDER_LOGO = "assets/images/logo-co-quan.svg"  # the theme's neutral logo, until the agency sets its own
_PAGE = "trang/"  # page N of a list: `<list>/trang/<N>/`


def resolve(page_url: str, address: str) -> str | None:
    """The site path a relative address on the page at `page_url` leads to, as a browser follows it
    ("../anh/so-do.png" on "gioi-thieu/": "anh/so-do.png"); None for an address of another site, one from the
    server's root, or one above the site."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or address.startswith(("/", "\\")) or not parts.path:
        return None
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    return None if path == ".." or path.startswith("../") else path


def relative(page_url: str, target: str) -> str:
    """The address that leads from the page at `page_url` to the page at `target`, both directory URLs
    ("tin-tuc/2027/01/a/" to "tin-tuc/2023/01/b/": "../../../2023/01/b/"; to itself: "./"); `resolve`'s inverse."""
    path = posixpath.relpath(target or ".", page_url or ".")
    return "./" if path == "." else quote(path) + "/"


def source(url: str) -> str:
    """The `src_uri` of the generated Markdown file MkDocs turns into the page at `url`."""
    return f"{url}index.md"


def page(base: str, number: int) -> str:
    """Page `number` (from 1) of the list at `base`."""
    return base if number == 1 else f"{base}{_PAGE}{number}/"


def feed_of(page_url: str) -> str:
    return f"{page_url}{FEED}"


ANSWERS_FEED = feed_of(ANSWERS)


def answer(code: str) -> str:
    """Where the answer to the question with this receipt code is published (lowercase, like every URL)."""
    return f"{ANSWERS}{code.lower()}/"


_ANSWER_ADDRESS = re.compile(f"{ANSWERS}[A-Za-z0-9]{{8}}/")


def is_answer_address(relative: str) -> bool:
    """Whether a path under the sub-path is where an answer is (or will be) published, whatever the case
    of the code: where nginx (deploy/nginx/cchc.conf) and the preview show the status page instead of a 404."""
    return _ANSWER_ADDRESS.fullmatch(relative) is not None


def follow(feed: str) -> str:
    """The entry of a feed on the feeds page (what each visible RSS link opens)."""
    return f"{FEEDS_PAGE}#{feed_anchor(feed)}"


def feed_anchor(feed: str) -> str:
    """The id of a feed's entry on the feeds page: its path in letters, digits and hyphens."""
    return "kenh-" + "-".join(part for part in re.split(r"[^a-z0-9]+", feed.lower()) if part)


def post(day: date, slug: str) -> str:
    """A post, under the year and month of its local date."""
    return f"{NEWS}{day:%Y}/{day:%m}/{slug}/"


def year(number: int) -> str:
    return f"{NEWS}{number}/"


def month(year_number: int, month_number: int) -> str:
    return f"{NEWS}{year_number}/{month_number:02d}/"


def plan(year_number: int) -> str:
    return f"{PLANS}{year_number}/"


def task(year_number: int, task_id: int) -> str:
    return f"{plan(year_number)}nhiem-vu/{task_id}/"


def report(year_number: int) -> str:
    return f"{plan(year_number)}bao-cao/"


def report_csv(year_number: int) -> str:
    return f"{plan(year_number)}bao-cao.csv"


# The Sở's signed reports the webmaster publishes (extra.cchc.report.signed), by period: the first half (1)
# and the whole year (None). The Word drafts have no address: they never reach the site.
_SIGNED_REPORTS: dict[int | None, str] = {1: "bao-cao-6-thang-dau-nam.pdf", None: "bao-cao-nam.pdf"}


def signed_report(year_number: int, half: int | None) -> str:
    return f"{plan(year_number)}{_SIGNED_REPORTS[half]}"


# Where builds once wrote the Sở's Word drafts (ke-hoach/<năm>/bao-cao-….docx), as a glob under the site's folder:
# a build that has one is not published (cchc.publish.release.verify_site), and nginx refuses the addresses.
REPORT_DRAFTS = f"{PLANS}*/bao-cao-*.docx"


def unit(slug: str) -> str:
    return f"{UNITS}{slug}/"


def tag(slug: str) -> str:
    return f"{TAGS}{slug}/"


# The page of one procedure on the national public-service portal (Cổng Dịch vụ công quốc gia), by the
# number the portal gives it (`ma_thu_tuc=`, not the procedure's code "2.001914"): the pattern of the
# portal's own links, e.g. https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=3712.
NATIONAL_PROCEDURE = "p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="


def national_procedure(portal: str, portal_id: str) -> str:
    """The procedure's page on the national portal at `portal` (extra.cchc.portals.national)."""
    return f"{portal.rstrip('/')}/{NATIONAL_PROCEDURE}{quote(portal_id, safe='')}"


@dataclass(frozen=True)
class Links:
    """The fixed URLs, as templates see them (`cchc_urls.news`)."""

    home: str = HOME
    news: str = NEWS
    plans: str = PLANS
    units: str = UNITS
    tags: str = TAGS
    procedures: str = PROCEDURES
    feedback: str = FEEDBACK
    answers: str = ANSWERS
    answer_lookup: str = ANSWER_LOOKUP
    status_api: str = STATUS_ENDPOINT
    search: str = SEARCH
    search_data: str = SEARCH_DATA
    sitemap_page: str = SITEMAP_PAGE
    sitemap_xml: str = SITEMAP_XML
    feed: str = FEED
    feeds_page: str = FEEDS_PAGE
    agency_css: str = AGENCY_CSS


LINKS = Links()
