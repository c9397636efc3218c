"""A post's picture in Chromium (src/cchc/render/images.py): where the build published WebP copies, the
browser loads the WebP one of the width it needs and nothing else for that image (the JPEG or PNG is the
fallback of a browser without WebP, never a second download); the box is reserved by width and height; the
news list's thumbnail is the WebP copy on a desktop and not fetched at all on a phone, where it is hidden.
The bundled site's explainer of 9/11 has a 320×180 PNG cover, shown in its body."""

from __future__ import annotations

import pytest
from support.browser import browsing, chromium, serve
from support.project import BuildResult

POST = "tin-tuc/2022/11/truong-thpt-chuyen-hung-yen-huong-ung-ngay-phap-luat-viet-nam-9-11/"
STEM = "truong-thpt-chuyen-hung-yen-huong-ung-ngay-phap-luat-viet-nam-9-11-anh-bia"
SCREENS = {"dien-thoai": {"width": 360, "height": 740}, "may-tinh": {"width": 1280, "height": 900}}
SHOWN = """selector => [...document.querySelectorAll(selector)].map(img => ({
  current: img.currentSrc, complete: img.complete, natural: img.naturalWidth,
  box: [img.getBoundingClientRect().width, img.getBoundingClientRect().height],
  inPicture: img.parentElement.tagName === 'PICTURE', shown: getComputedStyle(img).display !== 'none' }))"""


def _images(traffic_bodies: dict[str, int]) -> list[str]:
    return sorted(url.rsplit("/", 1)[1] for url in traffic_bodies if STEM in url)


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_post_s_picture_is_loaded_as_webp_once(bundled_site: BuildResult, screen: str) -> None:
    with serve(bundled_site.out) as base, chromium() as browser, \
            browsing(browser, base, viewport=SCREENS[screen]) as (context, traffic):
        page = context.new_page()
        page.goto(base + POST)
        page.wait_for_load_state("networkidle")
        [image] = page.evaluate(SHOWN, "article img[src*='anh-bia']")
        assert image["inPicture"] and image["complete"] and image["natural"] > 0, image
        assert image["current"].endswith(".png.webp"), image  # the WebP copy, not the PNG
        assert image["box"][0] > 0 and abs(image["box"][0] / image["box"][1] - 320 / 180) < 0.02, image  # as its width and height say
        fetched = _images(traffic.bodies)
        assert len(fetched) == 1 and fetched[0].endswith(".webp"), fetched  # one file for this image: no PNG besides
        assert traffic.failed == [] and traffic.foreign == []


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_news_list_thumbnail_is_webp_on_a_desktop_and_not_fetched_on_a_phone(bundled_site: BuildResult, screen: str) -> None:
    with serve(bundled_site.out) as base, chromium() as browser, \
            browsing(browser, base, viewport=SCREENS[screen]) as (context, traffic):
        page = context.new_page()
        page.goto(base + "tin-tuc/")
        page.wait_for_load_state("networkidle")
        page.locator(".cchc-post-item", has=page.locator("img.cchc-post-item__thumb")).first.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        [thumb] = page.evaluate(SHOWN, "img.cchc-post-item__thumb")
        assert thumb["inPicture"], thumb
        if screen == "dien-thoai":
            assert not thumb["shown"] and _images(traffic.bodies) == [], (thumb, traffic.bodies)  # hidden: never loaded
        else:
            assert thumb["shown"] and thumb["complete"] and thumb["current"].endswith("-240w.png.webp"), thumb
            assert thumb["box"][0] == 120, thumb  # cchc.css: 120 CSS pixels, floated beside the title
            assert _images(traffic.bodies) == [f"{STEM}-240w.png.webp"]
