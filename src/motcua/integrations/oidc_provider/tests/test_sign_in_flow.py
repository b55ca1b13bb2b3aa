"""The whole national e-ID sign-in over real HTTP: MộtCửa as relying party, the simulator as provider.

Both run in the live test server; a `requests` session plays the browser (cookies, redirects, the
CSRF token of the provider's form) and the relying party reaches the provider's discovery, token,
jwks and userinfo endpoints over real sockets, as it would reach the national SSO. Nothing in the
relying party is stubbed, so these tests see what a deployment would.
"""

import re
from urllib.parse import urljoin

from django.contrib.sessions.backends.db import SessionStore

import pytest
import requests

from motcua.accounts.models import ExternalIdentity, User
from motcua.accounts.oidc import SESSION_KEY
from motcua.integrations.oidc_provider import keys
from motcua.integrations.oidc_provider.identities import DEMO_IDENTITIES

from .conftest import CLIENT_ID, CLIENT_SECRET

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseed_demo_afterwards")]

AN, BINH, CUONG = DEMO_IDENTITIES


class Browser:
    """A cookie-keeping HTTP client that follows nothing by itself, so each hop can be checked."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.http = requests.Session()

    def get(self, url, **kwargs):
        return self.http.get(urljoin(self.base_url, url), allow_redirects=False, timeout=20, **kwargs)

    def post(self, url, data):
        return self.http.post(urljoin(self.base_url, url), data=data, allow_redirects=False, timeout=20)

    def follow(self, response):
        while response.status_code in (301, 302, 303):
            response = self.get(response.headers["Location"])
        return response

    def choose(self, start_response, identity=None, *, deny=False):
        """On the provider's page reached from `start_response`, pick an identity; return the callback URL."""
        assert start_response.status_code == 302, start_response.text[:500]
        page = self.get(start_response.headers["Location"])
        assert page.status_code == 200, page.text[:500]
        data = {
            "csrfmiddlewaretoken": self.http.cookies["csrftoken"],
            "request": re.search(r'name="request" value="([^"]+)"', page.text).group(1),
        }
        data.update({"deny": "1"} if deny else {"subject": identity.subject})
        answer = self.post(page.url, data)
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]

    def session(self):
        return SessionStore(session_key=self.http.cookies["sessionid"])


@pytest.fixture
def browser(live_server):
    return Browser(live_server.url)


def _signed_in_user(browser):
    session = browser.session()
    return User.objects.filter(pk=session.get("_auth_user_id")).first()


def _assert_refused(response, status, text):
    assert response.status_code == status
    assert text in response.text
    assert "Traceback" not in response.text
    assert "Error" not in response.text


def test_a_new_person_signs_in_and_lands_in_my_dossiers(browser, live_server):
    callback = browser.choose(browser.get("/tai-khoan/vneid/"), CUONG)
    assert callback.startswith(f"{live_server.url}/tai-khoan/vneid/ve/?")
    landed = browser.get(callback)
    assert landed.status_code == 302
    page = browser.follow(landed)
    assert page.url == f"{live_server.url}/ho-so-cua-toi/"
    assert "Hồ sơ của tôi" in page.text
    assert "Lê Hoàng Cường" in page.text

    user = _signed_in_user(browser)
    assert (user.kind, user.personal_id, user.phone) == (User.Kind.CITIZEN, "040203001122", "0905123456")
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.issuer == f"{live_server.url}/mo-phong/vneid/oauth2/token"
    assert identity.subject == CUONG.subject
    assert identity.assurance_level == "LoA1"
    assert browser.session()["motcua_sign_in_method"] == "vneid"


def test_a_demo_citizen_signs_in_to_their_existing_account(browser):
    citizen = User.objects.filter(personal_id=AN.personal_id).first() or User.objects.create_user(
        username="congdan", kind=User.Kind.CITIZEN, personal_id=AN.personal_id, full_name=AN.full_name
    )
    browser.follow(browser.get(browser.choose(browser.get("/tai-khoan/vneid/"), AN)))
    assert _signed_in_user(browser).pk == citizen.pk
    assert ExternalIdentity.objects.get(subject=AN.subject).user_id == citizen.pk


def test_the_next_page_survives_the_round_trip(browser, live_server):
    callback = browser.choose(browser.get("/tai-khoan/vneid/?next=/tra-cuu/"), BINH)
    assert browser.get(callback).headers["Location"] == "/tra-cuu/"


def test_a_replayed_callback_is_refused(browser):
    callback = browser.choose(browser.get("/tai-khoan/vneid/"), CUONG)
    browser.follow(browser.get(callback))
    _assert_refused(browser.get(callback), 400, "Phiên đăng nhập không hợp lệ hoặc đã được dùng")


def test_a_callback_carried_to_another_browser_is_refused_and_the_owner_can_still_finish(
    browser, live_server
):
    callback = browser.choose(browser.get("/tai-khoan/vneid/"), CUONG)
    intruder = Browser(live_server.url)
    _assert_refused(intruder.get(callback), 400, "Phiên đăng nhập không hợp lệ")
    assert browser.get(callback).status_code == 302
    assert _signed_in_user(browser).personal_id == CUONG.personal_id


def test_a_staff_account_is_never_opened_by_the_national_e_id(browser):
    officer = User.objects.create_user(
        username="canbo-vneid", kind=User.Kind.STAFF, personal_id=CUONG.personal_id, password="x-2026-canbo"
    )
    response = browser.get(browser.choose(browser.get("/tai-khoan/vneid/"), CUONG))
    _assert_refused(response, 403, "tài khoản cán bộ")
    assert _signed_in_user(browser) is None
    assert not ExternalIdentity.objects.filter(user=officer).exists()


def test_cancelling_at_the_provider_says_so(browser):
    response = browser.get(browser.choose(browser.get("/tai-khoan/vneid/"), deny=True))
    _assert_refused(response, 400, "Bạn đã hủy đăng nhập")


def test_a_code_redeemed_with_the_wrong_pkce_verifier_is_refused_by_the_provider(browser):
    start = browser.get("/tai-khoan/vneid/")
    session = browser.session()
    pending = session[SESSION_KEY]
    for data in pending.values():
        data["code_verifier"] = "x" * 64
    session[SESSION_KEY] = pending
    session.save()
    response = browser.get(browser.choose(start, CUONG))
    _assert_refused(response, 502, "Không đăng nhập được bằng tài khoản định danh điện tử")
    assert _signed_in_user(browser) is None


def test_a_wrong_client_secret_is_refused_by_the_provider(browser, settings):
    settings.MOTCUA_OIDC_SIMULATOR_CLIENTS = {
        CLIENT_ID: {"secret": CLIENT_SECRET, "redirect_uris": ["/tai-khoan/vneid/ve/"]}
    }
    settings.MOTCUA_OIDC_CLIENT_SECRET = "not-the-registered-secret"
    response = browser.get(browser.choose(browser.get("/tai-khoan/vneid/"), CUONG))
    _assert_refused(response, 502, "Không đăng nhập được")


def test_an_id_token_signed_by_an_unpublished_key_is_refused(browser, monkeypatch, fresh_key):
    impostor = keys.RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256", "kid": fresh_key.kid})
    monkeypatch.setattr(keys, "public_jwks", lambda: {"keys": [impostor.as_dict(private=False)]})
    response = browser.get(browser.choose(browser.get("/tai-khoan/vneid/"), CUONG))
    _assert_refused(response, 400, "Không đăng nhập được")
    assert _signed_in_user(browser) is None


def test_a_rotated_provider_key_is_fetched_again(browser, live_server, fresh_key):
    browser.follow(browser.get(browser.choose(browser.get("/tai-khoan/vneid/"), CUONG)))
    keys.forget_keys()  # the provider rotates its key; the relying party still caches the old set
    second = Browser(live_server.url)
    response = second.get(second.choose(second.get("/tai-khoan/vneid/"), BINH))
    assert response.status_code == 302
    assert _signed_in_user(second).personal_id == BINH.personal_id


def test_a_provider_naming_another_issuer_in_its_discovery_document_is_refused(browser, settings):
    settings.MOTCUA_OIDC_ISSUER = "/mo-phong/vneid/oauth2/token/"  # discovery says ".../token"
    _assert_refused(browser.get("/tai-khoan/vneid/"), 502, "Không đăng nhập được")


def test_an_unreachable_provider_is_explained(browser, settings):
    settings.MOTCUA_OIDC_ISSUER = "http://127.0.0.1:9/oauth2/token"
    settings.MOTCUA_OIDC_TIMEOUT = 2
    _assert_refused(browser.get("/tai-khoan/vneid/"), 502, "Không đăng nhập được")
