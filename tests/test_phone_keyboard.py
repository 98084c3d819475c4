"""A keyboard on a phone (390 px): Tab never lands on something off-screen or hidden (the closed menu's
links), the menu button is reached, and Enter opens the menu with its links on screen, Escape closes it."""

from __future__ import annotations

import pytest
from browser import MISSING, chromium_available, serve

pytestmark = pytest.mark.skipif(not chromium_available(), reason=MISSING)

PHONE = {"width": 390, "height": 844}
MOST_TABS = 250

# Where the focused element is drawn, and whether it is the menu button.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const b = e.getBoundingClientRect();
  return {
    name: e.tagName + " " + (e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 40),
    box: [b.left, b.top, b.right, b.bottom],
    shown: e.checkVisibility({visibilityProperty: true, opacityProperty: true}),
    menu: e.matches('.md-header label[for="__drawer"]'),
    key: e.outerHTML.slice(0, 200) + "@" + Math.round(b.top + window.scrollY),
  };
}"""


@pytest.fixture(scope="module")
def site_url(built):
    with serve(built.site) as url:
        yield url


def on_screen(box) -> bool:
    """Within the screen's width and at least partly in its height (a long table's scroll region is taller
    than a phone)."""
    left, top, right, bottom = box
    width, height = PHONE["width"], PHONE["height"]
    return right > left and bottom > top and left >= -1 and right <= width + 1 and top < height and bottom > 0


@pytest.mark.parametrize("path", ["", "kpis/sickness-absence/", "topics/information-team/", "budgets/", "open-data/"])
def test_tab_never_lands_off_screen_and_reaches_the_menu_button(browser, site_url, path):
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site_url + path)
        seen, reached_menu, stops = set(), False, 0
        for _ in range(MOST_TABS):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None:
                continue
            if focused["key"] in seen:
                break  # round the page and back to the start
            if not focused["shown"]:  # a skip link fades in as it takes the focus
                page.wait_for_timeout(400)
                focused = page.evaluate(FOCUSED)
            seen.add(focused["key"])
            stops += 1
            assert focused["shown"], (path, focused["name"])
            assert on_screen(focused["box"]), (path, focused["name"], focused["box"])
            reached_menu |= focused["menu"]
        assert stops > 3, path
        assert reached_menu, path
    finally:
        page.close()


def test_enter_opens_the_menu_with_its_links_on_screen_and_escape_closes_it(browser, site_url):
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site_url + "kpis/sickness-absence/")
        button = page.locator('.md-header label[for="__drawer"]')
        assert button.get_attribute("aria-expanded") == "false"
        links = page.locator(".md-sidebar--primary a.md-nav__link")
        assert not any(link.is_visible() for link in links.all())  # closed: nothing of it to reach
        button.focus()
        page.keyboard.press("Enter")
        assert page.locator("#__drawer").is_checked()
        assert button.get_attribute("aria-expanded") == "true"
        page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary') !== null")
        page.wait_for_timeout(400)  # the drawer slides in
        for _ in range(5):
            focused = page.evaluate(FOCUSED)
            assert focused["shown"] and on_screen(focused["box"]), focused
            page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        assert not page.locator("#__drawer").is_checked()
        assert page.evaluate("() => document.activeElement.matches('.md-header label[for=\"__drawer\"]')")
    finally:
        page.close()


def test_a_sections_panel_is_opened_and_closed_again_by_keyboard(browser, site_url):
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site_url + "kpis/sickness-absence/")
        page.locator('.md-header label[for="__drawer"]').focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)  # the drawer slides in
        arrow = page.locator('.md-sidebar--primary label.md-nav__link[for^="__nav_"]').first
        panel = arrow.get_attribute("for")
        arrow.focus()
        page.keyboard.press("Enter")
        assert page.locator(f"#{panel}").is_checked()
        page.wait_for_timeout(400)  # the panel slides in
        back = page.locator(f'.md-sidebar--primary label.md-nav__title[for="{panel}"]')
        page.keyboard.press("Tab")
        for _ in range(40):  # Tab through the panel's links to its back arrow, each on screen
            focused = page.evaluate(FOCUSED)
            assert focused["shown"] and on_screen(focused["box"]), focused
            if page.evaluate("e => e === document.activeElement", back.element_handle()):
                break
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("e => e === document.activeElement", back.element_handle())
        assert back.get_attribute("aria-label").startswith("Back from ")
        # Before the back arrow, nothing of the level the panel covers is focused (it is under the panel).
        page.keyboard.press("Shift+Tab")
        covered = f"""() => {{
            const e = document.activeElement, open = document.querySelector('#{panel}').parentElement;
            return e.closest('.md-sidebar--primary') !== null && !open.querySelector('nav').contains(e);
        }}"""
        assert not page.evaluate(covered), page.evaluate(FOCUSED)
        back.focus()
        page.keyboard.press("Enter")
        assert not page.locator(f"#{panel}").is_checked()
        assert page.evaluate("e => e === document.activeElement", arrow.element_handle())
    finally:
        page.close()
