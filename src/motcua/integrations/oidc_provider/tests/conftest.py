import pytest

from motcua.accounts.oidc import clear_provider_cache
from motcua.integrations.oidc_provider import keys

CLIENT_ID = "motcua-test"
CLIENT_SECRET = "motcua-test-secret"


@pytest.fixture(autouse=True)
def simulator_settings(settings):
    """Point the relying party at the simulator on this site, whatever the shared test settings say."""
    settings.USE_OIDC_SIMULATOR = True
    settings.MOTCUA_OIDC_ISSUER = "/mo-phong/vneid/oauth2/token"
    settings.MOTCUA_OIDC_CLIENT_ID = CLIENT_ID
    settings.MOTCUA_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.MOTCUA_OIDC_SIMULATOR_KEY_FILE = ""
    settings.MOTCUA_OIDC_SIMULATOR_CLIENTS = None
    settings.MOTCUA_OIDC_REDIRECT_URI = ""
    clear_provider_cache()
    yield settings
    clear_provider_cache()


@pytest.fixture
def fresh_key():
    """Start with a new signing key (a provider key rotation)."""
    keys.forget_keys()
    yield keys.signing_key()
    keys.forget_keys()
