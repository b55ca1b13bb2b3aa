"""Quality of the citizen pages (issue 6): accessible, fit a 360 px phone, light on a slow link, in
Vietnamese and English, and a procedure's form can be filled and sent with the keyboard alone.

- axe-core (bundled by axe-playwright-python, injected into the page; no network) finds no serious
  or critical violation on the main pages, in both languages;
- at 360 × 740 no page scrolls sideways;
- the first load of the home, procedure and form pages transfers at most 200 KB (every response
  body: HTML, CSS, JS, fonts, images), measured from Playwright's request events with an empty
  cache and static files served as production serves them (see `_first_load`);
- with Tab, Space, Enter, the arrow keys and typed text only, a citizen signs in, fills the form
  (the file chooser opened from the keyboard) and sends it.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from conftest import MINIMAL_PDF, pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motcua-demo"
PROCEDURE = "2.000635"
WEIGHT_LIMIT = 200 * 1024
NAV = {"vi": "Điều hướng chính", "en": "Main navigation"}


@pytest.fixture
def world(seeded):
    """A received dossier of the demo citizen and a digitised paper in their data store."""
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.demo.seed import seed_data_store
    from motcua.dossiers.services import ApplicantDetails, PaperUpload, receive_dossier, submit_dossier

    users = {u.username: u for u in User.objects.filter(username__in=["congdan", "tiepnhan"])}
    citizen = users["congdan"]
    now = timezone.now()
    dossier = submit_dossier(
        version=seeded,
        applicant=citizen,
        details=ApplicantDetails(
            full_name=citizen.full_name, personal_id=citizen.personal_id or "", phone=citizen.phone
        ),
        request_summary="Xin cấp bản sao trích lục khai sinh",
        papers=[PaperUpload(paper=seeded.papers.get(order=1), upload=pdf_upload())],
        at=now - timedelta(minutes=10),
    )
    receive_dossier(dossier=dossier, actor=users["tiepnhan"], at=now - timedelta(minutes=5))
    assert seed_data_store(now=now) == 1
    return dossier.code


def _pages(code: str) -> dict[str, tuple[str, bool]]:
    """The main pages: name → (address, needs the citizen signed in)."""
    return {
        "home": ("/", False),
        "procedures": ("/thu-tuc/?q=khai+sinh", False),
        "procedure": (f"/thu-tuc/{PROCEDURE}/", False),
        "form": (f"/thu-tuc/{PROCEDURE}/nop-ho-so/", True),
        "lookup": (f"/tra-cuu/?ma={code}", False),
        "my-dossiers": ("/ho-so-cua-toi/", True),
        "data-store": ("/kho-du-lieu/", True),
        "sign-in": ("/tai-khoan/dang-nhap/", False),
    }


def _context(browser, live_server, *, language="vi", signed_in=False, width=1280, height=900):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    if language != "vi":
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    if signed_in:
        page = context.new_page()
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.locator("#id_username").fill("congdan")
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("#id_password").press("Enter")
        page.close()
    return context


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_main_pages_have_no_serious_or_critical_accessibility_violations(
    browser, live_server, world, artifacts, language
):
    public = _context(browser, live_server, language=language)
    citizen = _context(browser, live_server, language=language, signed_in=True)
    problems: dict[str, list[str]] = {}
    for name, (path, signed_in) in _pages(world).items():
        page = (citizen if signed_in else public).new_page()
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, f"{name}: {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        expect(page.get_by_role("navigation", name=NAV[language])).to_be_visible()
        found = _serious(page)
        if found:
            problems[name] = found
        page.close()
    public.close()
    citizen.close()
    assert problems == {}


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 360.5).slice(0, 5)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`)"""


def test_main_pages_fit_a_360px_screen_in_both_languages(browser, live_server, world, artifacts):
    overflowing = {}
    for language in ("vi", "en"):
        public = _context(browser, live_server, language=language, width=360, height=740)
        citizen = _context(browser, live_server, language=language, signed_in=True, width=360, height=740)
        for name, (path, signed_in) in _pages(world).items():
            page = (citizen if signed_in else public).new_page()
            page.goto(live_server.url + path)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > 360:
                wide = page.evaluate(WIDEST)
                overflowing[f"{language}:{name}"] = (width, wide)
            page.screenshot(path=artifacts / f"quality-360-{language}-{name}.png", full_page=True)
            page.close()
        public.close()
        citizen.close()
    assert overflowing == {}


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """Static files collected as `collectstatic` does in production: with .gz and .br copies."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_server(production_static, seeded):
    """The site on its own port, its static files served by WhiteNoise from the collected copies.

    The test server (`live_server`) serves static files uncompressed from the apps; production runs
    WhiteNoise over `collectstatic` output (settings.base), which answers with the gzip or Brotli copy
    the browser accepts. Pages themselves are counted uncompressed.
    """
    from django.test.testcases import LiveServerThread

    from whitenoise import WhiteNoise

    thread = LiveServerThread(
        "localhost",
        static_handler=lambda app: WhiteNoise(app, root=str(production_static), prefix="static/"),
        connections_override={},
        port=0,
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield SimpleNamespace(url=f"http://{thread.host}:{thread.port}")
    thread.terminate()


def _first_load(browser, server, path, *, signed_in=False) -> tuple[int, int, list[tuple[str, int, int]]]:
    """Return (bytes transferred, bytes decoded, per response) for a first visit with an empty cache."""
    state = None
    if signed_in:
        signing_in = _context(browser, server, signed_in=True)
        state = signing_in.storage_state()
        signing_in.close()
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, storage_state=state)
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(server.url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    rows = []
    for request in requests:
        response = request.response()
        decoded = len(response.body()) if response is not None else 0
        rows.append((request.url.removeprefix(server.url), request.sizes()["responseBodySize"], decoded))
    context.close()
    return sum(r[1] for r in rows), sum(r[2] for r in rows), rows


@pytest.mark.parametrize(
    ("name", "path", "signed_in"),
    [
        ("home", "/", False),
        ("procedure", f"/thu-tuc/{PROCEDURE}/", False),
        ("form", f"/thu-tuc/{PROCEDURE}/nop-ho-so/", True),
    ],
)
def test_first_load_transfers_at_most_200_kb(browser, production_server, name, path, signed_in):
    transferred, decoded, rows = _first_load(browser, production_server, path, signed_in=signed_in)
    assert any(url.startswith("/static/") for url, _t, _d in rows)  # the page's own CSS was fetched
    assert all(t >= 0 for _url, t, _d in rows)  # nothing came from a cache
    assert transferred <= WEIGHT_LIMIT, f"{name}: {transferred} bytes transferred ({decoded} decoded): {rows}"


def test_a_citizen_fills_and_sends_the_form_with_the_keyboard_only(
    browser, live_server, seeded, artifacts, tmp_path
):
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    # sign in with the keyboard
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    _tab_to(page, lambda el: el["name"] == "username")
    page.keyboard.type("congdan")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{live_server.url}/thu-tuc/{PROCEDURE}/nop-ho-so/")
    sent = False
    for _ in range(120):
        page.keyboard.press("Tab")
        el = _focused(page)
        if el["tag"] == "BUTTON" and el["text"] == "Gửi hồ sơ":
            page.screenshot(path=artifacts / "quality-keyboard-form.png", full_page=True)
            page.keyboard.press("Enter")
            sent = True
            break
        _answer(page, el, pdf)
    assert sent, "the Gửi hồ sơ button was never reached with Tab"
    expect(page.get_by_role("alert").first).to_contain_text("Mã hồ sơ của bạn là")
    page.screenshot(path=artifacts / "quality-keyboard-sent.png", full_page=True)
    context.close()


FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {tag: el.tagName, type: (el.type || '').toLowerCase(), name: el.name || '', required: !!el.required,
          value: el.value || '', checked: !!el.checked, text: (el.innerText || '').trim(), label: label,
          inputmode: el.getAttribute('inputmode') || '',
          group_checked: el.type === 'radio' && !!document.querySelector(`input[name="${el.name}"]:checked`)};
}"""


def _focused(page) -> dict:
    return page.evaluate(FOCUSED)


def _tab_to(page, wanted) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if wanted(_focused(page)):
            return
    raise AssertionError("element not reachable with Tab")


def _answer(page, el: dict, pdf) -> None:
    """Answer the focused field the way a person at a keyboard would, if it still needs an answer."""
    if not el["required"]:
        return
    kind = el["type"]
    if el["tag"] == "INPUT" and kind == "file":
        if not el["value"]:
            with page.expect_file_chooser() as chooser:
                page.keyboard.press("Space")
            chooser.value.set_files(str(pdf))
        return
    if el["tag"] == "SELECT":
        if not el["value"]:
            page.keyboard.press("ArrowDown")
        return
    if kind == "radio":
        if not el["group_checked"]:
            page.keyboard.press("Space")
        return
    if kind == "checkbox":
        if not el["checked"]:
            page.keyboard.press("Space")
        return
    if el["value"]:
        return
    if kind == "date":
        page.keyboard.type("02031990")
    elif kind == "number" or el["inputmode"] == "decimal":
        page.keyboard.type("1")
    elif kind == "tel":
        page.keyboard.type("0912345678")
    elif kind == "email":
        page.keyboard.type("an@example.vn")
    elif el["name"] == "request_summary":
        page.keyboard.type("Xin cấp 01 bản sao trích lục khai sinh")
    else:
        page.keyboard.type("Nguyễn Văn An")


def test_english_is_offered_and_kept_across_pages(browser, live_server, seeded):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Administrative procedures")).to_be_visible()
    page.goto(f"{live_server.url}/thu-tuc/{PROCEDURE}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(nav.get_by_role("link", name="Thủ tục hành chính")).to_be_visible()
    context.close()
