"""A citizen signs in with the national e-ID: login page → VNeID button → the provider (the local
simulator, over real HTTP) → pick an identity → back in MộtCửa, signed in, on "Hồ sơ của tôi"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def national_sign_in_simulated(settings):
    settings.USE_OIDC_SIMULATOR = True
    settings.MOTCUA_OIDC_ISSUER = "/mo-phong/vneid/oauth2/token"
    settings.MOTCUA_OIDC_CLIENT_ID = "motcua-demo"
    settings.MOTCUA_OIDC_CLIENT_SECRET = "motcua-demo-secret"
    settings.MOTCUA_OIDC_SIMULATOR_CLIENTS = None
    settings.MOTCUA_OIDC_REDIRECT_URI = ""


def _sign_in_with_vneid(browser, live_server, artifacts, person, shot_prefix):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.screenshot(path=artifacts / f"{shot_prefix}-0-login.png", full_page=True)
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử VNeID").click()

    expect(page.get_by_role("heading", name="Đăng nhập bằng tài khoản định danh điện tử")).to_be_visible()
    expect(page.get_by_text("MÔ PHỎNG", exact=False)).to_be_visible()
    page.screenshot(path=artifacts / f"{shot_prefix}-1-provider.png", full_page=True)
    page.get_by_role("button", name=f"Đăng nhập với tư cách {person}").click()

    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/$"))
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    expect(page.get_by_text(person).first).to_be_visible()
    page.screenshot(path=artifacts / f"{shot_prefix}-2-my-dossiers.png", full_page=True)
    return context, page


def test_demo_citizen_signs_in_with_vneid_and_sees_their_dossiers(browser, live_server, seeded, artifacts):
    context, _page = _sign_in_with_vneid(browser, live_server, artifacts, "Nguyễn Văn An", "oidc-congdan")
    # The verified identity was linked to the existing demo account (040095001234), not duplicated.
    from motcua.accounts.models import User

    assert User.objects.filter(personal_id="040095001234").count() == 1
    assert User.objects.get(personal_id="040095001234").username == "congdan"
    context.close()


def test_a_person_new_to_motcua_gets_an_account_on_first_sign_in(browser, live_server, seeded, artifacts):
    context, page = _sign_in_with_vneid(browser, live_server, artifacts, "Lê Hoàng Cường", "oidc-new")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    context.close()
