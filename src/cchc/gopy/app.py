"""The WSGI application: POST `<sub-path>api/gop-y`, POST `<sub-path>api/danh-gia` and
GET `<sub-path>api/tra-cuu/<mã>` (the status of a receipt code, cchc.gopy.status), nothing else.

A body in JSON comes from the page script and gets JSON back (no reload); a form body comes from a
browser without script and gets HTML back (the receipt, or the form again with the messages), or a
redirect to the rated page. A submission is acknowledged only after its commit is on disk; when the
database cannot be written the answer says to call the hotline and carries no receipt code.

A post from another site's page is refused before anything else (`Service.same_site`), and the
address the per-address limit counts is the peer's, or nginx's X-Real-IP only where the peer is
known to be nginx (`Peers`)."""

from __future__ import annotations

import enum
import ipaddress
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import falcon

from cchc import urls
from cchc.content.settings import Settings
from cchc.gopy.clean import Refused, check_question, check_rating, check_robot
from cchc.gopy.config import ServiceConfig, service_config
from cchc.gopy.forms import parse_form
from cchc.gopy.pages import render_page
from cchc.gopy.ratelimit import RateLimiter
from cchc.gopy.status import lookup
from cchc.gopy.store import StorageFull, StorageUnavailable, Store

log = logging.getLogger("cchc.gopy")

RATED_ANCHOR = "cam-on-danh-gia"  # the thank-you note on every rated page, shown by :target


class Peers(enum.Enum):
    """Whose X-Real-IP header names the citizen's address."""

    LISTED = "listed"  # TCP: only a peer listed in trusted_proxies (a proxy on another machine)
    PROXY = "proxy"  # the unix socket that only nginx may open: every peer is nginx
    NONE = "none"  # `cchc serve`: the peer is the browser itself, nobody's header is believed


class Service:
    def __init__(self, settings: ServiceConfig, store: Store | None = None, *, peers: Peers = Peers.LISTED) -> None:
        self.settings = settings
        self.store = store or Store(settings.database, max_bytes=settings.max_database_mb * 2**20)
        self.limiter = RateLimiter(per_minute=settings.rate_per_minute, burst=settings.rate_burst)
        self.lookups = RateLimiter(per_minute=settings.lookup_per_minute, burst=settings.lookup_burst)
        self._ready = False
        self.peers = peers
        self._trusted = {ipaddress.ip_address(address) for address in settings.trusted_proxies}
        self._site = _origin_key(urlsplit(settings.site_url).scheme, urlsplit(settings.site_url).netloc)

    # --- shared steps -----------------------------------------------------------------------------

    def unavailable(self, full: bool = False) -> str:
        if full:
            return ("Hệ thống đã nhận tới giới hạn số góp ý có thể lưu nên tạm ngừng nhận qua trang web. Góp ý của bạn "
                    f"CHƯA được tiếp nhận. Vui lòng gọi đường dây nóng {self.settings.hotline} để được tiếp nhận.")
        return ("Hệ thống chưa lưu được góp ý của bạn do sự cố máy chủ. Góp ý CHƯA được tiếp nhận, không có mã tiếp nhận. "
                f"Vui lòng gọi đường dây nóng {self.settings.hotline} hoặc thử lại sau.")

    def client(self, req: falcon.Request) -> str:
        """The citizen's address: X-Real-IP when the peer is nginx (see Peers), else the peer."""
        peer = req.env.get("REMOTE_ADDR") or ""
        forwarded = (req.get_header("X-Real-IP") or "").strip()
        if not forwarded or self.peers is Peers.NONE:
            return peer
        try:
            if self.peers is Peers.PROXY or ipaddress.ip_address(peer) in self._trusted:
                return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
        return peer

    def same_site(self, req: falcon.Request) -> None:
        """Refuse a post sent from another site's page (a forged submission in the citizen's browser).

        Browsers say where a post comes from: `Sec-Fetch-Site` and `Origin`. A post is refused when
        the browser calls it cross-site; when it has an Origin that is neither the address the browser
        asked for (its Host) nor the site's address (site_url; http or https); and when it is
        "same-site" without an Origin (same-site also means a sibling host, another agency under the
        same domain). A post with neither header is accepted: browsers that send neither (older
        ones, some forms without script) must still be able to send, and a program can write any
        header it likes anyway."""
        fetch_site = (req.get_header("Sec-Fetch-Site") or "").strip().lower()
        origin = req.get_header("Origin")
        if fetch_site == "cross-site":
            allowed = False
        elif origin is None:
            allowed = fetch_site != "same-site"
        else:
            parts = urlsplit(origin.strip())
            scheme = parts.scheme.lower()
            key = _origin_key(scheme, parts.netloc) if scheme in ("http", "https") and not parts.path else None
            allowed = key is not None and key in (self._site, _origin_key(scheme, req.get_header("Host") or ""))
        if not allowed:
            raise Refused({"": "Chưa gửi được: biểu mẫu này chỉ nhận góp ý gửi từ chính các trang của trang tin. Vui lòng "
                               f"mở trang Góp ý của trang tin rồi gửi lại, hoặc gọi đường dây nóng {self.settings.hotline}."},
                          status=403)

    def read(self, req: falcon.Request) -> tuple[dict[str, str], bool]:
        limit = self.settings.max_body_bytes
        too_big = Refused({"": f"Nội dung gửi quá lớn (giới hạn {limit // 1024} KB). Vui lòng rút gọn rồi gửi lại."}, status=413)
        if req.content_length is not None and req.content_length > limit:
            raise too_big
        body = req.bounded_stream.read(limit + 1)
        if len(body) > limit:
            raise too_big
        return parse_form(body, req.content_type or "")

    def ensure_store(self) -> None:
        if not self._ready:
            self.store.initialise()
            self._ready = True

    def limited(self, req: falcon.Request) -> None:
        if not self.limiter.allow(self.client(req)):
            raise Refused({"": "Bạn gửi quá nhiều lần trong thời gian ngắn. Vui lòng đợi vài phút rồi gửi lại, "
                               f"hoặc gọi đường dây nóng {self.settings.hotline}."}, status=429)


def _origin_key(scheme: str, netloc: str) -> tuple[str, int | None] | None:
    """(host, port) of an address, the port None when it is the scheme's default: a page of the site
    opened on http (before a redirect to https) matches an https site_url of the same host."""
    try:
        parts = urlsplit(f"//{netloc}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or parts.username is not None or parts.password is not None:
        return None
    return parts.hostname.lower(), None if port == {"http": 80, "https": 443}.get(scheme) else port


def _json(resp: falcon.Response, status: int, **body: Any) -> None:
    resp.status = status
    resp.media = body


def _html(resp: falcon.Response, status: int, text: str) -> None:
    resp.status = status
    resp.content_type = falcon.MEDIA_HTML
    resp.text = text


class QuestionResource:
    def __init__(self, service: Service) -> None:
        self.service = service

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        service, settings = self.service, self.service.settings
        form: dict[str, str] = {}
        scripted = (req.content_type or "").startswith("application/json")
        try:
            service.same_site(req)  # first: a forged post must not use up the citizen's limit
            service.limited(req)
            form, scripted = service.read(req)
            check_robot(form, scripted=scripted, min_fill_seconds=settings.min_fill_seconds)
            question = check_question(form, max_content=settings.max_content)
            service.ensure_store()
            code = service.store.add_question(question)
        except Refused as refused:
            message = refused.errors.get("") or "Chưa gửi được: vui lòng sửa các ô được đánh dấu bên dưới."
            if scripted:
                return _json(resp, refused.status, ok=False, message=message, errors=refused.errors)
            return _html(resp, refused.status, render_page(settings, title="Chưa gửi được góp ý", message=message,
                                                           form=form, errors=refused.errors))
        except StorageUnavailable as error:
            log.error("không lưu được góp ý: %s", error)  # no personal data in the log
            message = service.unavailable(isinstance(error, StorageFull))
            if scripted:
                return _json(resp, 503, ok=False, message=message, errors={}, hotline=settings.hotline)
            return _html(resp, 503, render_page(settings, title="Chưa gửi được góp ý", message=message, form=form))
        answer_url = settings.site_url + urls.answer(code)
        log.info("đã nhận góp ý %s", code)
        message = "Đã nhận góp ý của bạn."
        if scripted:
            return _json(resp, 201, ok=True, code=code, message=message, answer_url=answer_url)
        _html(resp, 201, render_page(settings, title="Đã nhận góp ý", message=message, code=code, answer_url=answer_url))


class RatingResource:
    def __init__(self, service: Service) -> None:
        self.service = service

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        service, settings = self.service, self.service.settings
        scripted = (req.content_type or "").startswith("application/json")
        form: dict[str, str] = {}
        try:
            service.same_site(req)
            service.limited(req)
            form, scripted = service.read(req)
            # No minimum fill time: reading a page and pressing "Có" may take a second.
            check_robot(form, scripted=False, min_fill_seconds=0)
            rating = check_rating(form)
            service.ensure_store()
            service.store.add_rating(rating)
        except Refused as refused:
            message = refused.errors.get("") or " ".join(refused.errors.values())
            if scripted:
                return _json(resp, refused.status, ok=False, message=message, errors=refused.errors)
            return _html(resp, refused.status, render_page(settings, title="Chưa gửi được đánh giá", message=message,
                                                           back=settings.base_path))
        except StorageUnavailable as error:
            log.error("không lưu được đánh giá: %s", error)
            message = ("Chưa lưu được đánh giá của bạn do sự cố máy chủ. Vui lòng thử lại sau hoặc gọi đường dây nóng "
                       f"{settings.hotline}.")
            if scripted:
                return _json(resp, 503, ok=False, message=message, errors={}, hotline=settings.hotline)
            return _html(resp, 503, render_page(settings, title="Chưa gửi được đánh giá", message=message,
                                                back=settings.base_path + form.get("trang", "")))
        if scripted:
            return _json(resp, 201, ok=True, message="Cảm ơn bạn đã đánh giá.")
        resp.status = falcon.HTTP_303
        resp.location = f"{settings.base_path}{rating.page}#{RATED_ANCHOR}"


class StatusResource:
    """GET: where the question with a receipt code stands, as JSON (no personal data; cchc.gopy.status)."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def on_get(self, req: falcon.Request, resp: falcon.Response, code: str) -> None:
        service, settings = self.service, self.service.settings
        if not service.lookups.allow(service.client(req)):
            return _json(resp, 429, ok=False, message="Bạn tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng đợi một "
                                                      f"phút rồi thử lại, hoặc gọi đường dây nóng {settings.hotline}.")
        try:
            service.ensure_store()
            found = lookup(code, service.store.status_of, base_path=settings.base_path)
        except StorageUnavailable as error:
            log.error("không tra cứu được mã tiếp nhận: %s", error)
            return _json(resp, 503, ok=False, hotline=settings.hotline,
                         message=f"Hệ thống tạm thời chưa tra cứu được. Vui lòng thử lại sau hoặc gọi đường dây nóng {settings.hotline}.")
        resp.status = found.status
        resp.media = found.body  # has a "status" key of its own: not through _json


def create_app(project: Settings, *, peers: Peers = Peers.LISTED, site: Path | None = None) -> falcon.App:
    """The WSGI callable. Routes are absolute paths under the site's sub-path (`/cchc/api/…`), so it
    can be mounted at the root of the site's origin beside the static files. `peers`: whose X-Real-IP
    is believed (the server on a unix socket: PROXY; `cchc serve`: NONE). `site`: the built site's folder,
    whose page shell gives the pages without script the site's look (cchc.gopy.pages)."""
    settings = service_config(project, site=site)
    service = Service(settings, peers=peers)
    app = falcon.App(media_type=falcon.MEDIA_JSON)
    app.req_options.strip_url_path_trailing_slash = False
    app.add_route(settings.question_endpoint, QuestionResource(service))
    app.add_route(settings.rating_endpoint, RatingResource(service))
    app.add_route(settings.status_endpoint + "{code}", StatusResource(service))
    app.add_middleware(_NoStore())
    app.add_error_handler(falcon.HTTPError, _http_error)
    app.add_error_handler(Exception, _unexpected(settings))
    try:
        service.ensure_store()
    except StorageUnavailable as error:  # answer anyway: each submission says to call the hotline
        log.error("chưa mở được cơ sở dữ liệu góp ý %s: %s", settings.database, error)
    return app


class _NoStore:
    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool) -> None:
        resp.set_header("Cache-Control", "no-store")


_STATUS_TEXT = {404: "Không có địa chỉ này.", 405: "Địa chỉ này chỉ nhận biểu mẫu gửi đi (POST)."}
_LOOKUP_ONLY = "Địa chỉ này chỉ dùng để tra cứu mã tiếp nhận (GET)."  # 405 of the status lookup


def _http_error(req: falcon.Request, resp: falcon.Response, error: falcon.HTTPError, params: dict[str, Any]) -> None:
    resp.status = error.status
    if error.headers:
        resp.set_headers(error.headers)
    code = error.status_code
    message = _STATUS_TEXT.get(code, "Yêu cầu không hợp lệ.")
    if code == 405 and "GET" in dict(error.headers or {}).get("Allow", ""):
        message = _LOOKUP_ONLY
    resp.content_type = falcon.MEDIA_TEXT
    resp.text = message


def _unexpected(settings: ServiceConfig) -> Any:
    def handle(req: falcon.Request, resp: falcon.Response, error: Exception, params: dict[str, Any]) -> None:
        if isinstance(error, falcon.HTTPError):
            return _http_error(req, resp, error, params)
        log.exception("lỗi không lường trước khi xử lý %s", req.path)
        resp.status = 500
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = f"Có lỗi ở máy chủ; chưa gửi được. Vui lòng gọi đường dây nóng {settings.hotline}."
    return handle
