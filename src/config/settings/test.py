"""The test suite: PostgreSQL from DATABASE_URL (started by `make test`), fast hashing, locmem mail."""

import dj_database_url

from config.env import env_str

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://motcua@127.0.0.1:55432/motcua"), conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # as in production (base.py, ADR 0010): server-side binding, repeated statements prepared
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MOTCUA_SMS_PROVIDER = "motcua.notifications.sms.FileSmsProvider"  # var/sms/
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]

# Serve static files from the apps directly; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Lookup rate limiting is tested explicitly; other tests look up freely.
MOTCUA_LOOKUP_RATE_PER_MINUTE = 0

# Sign-in through the local VNeID simulator, its keys in memory.
USE_OIDC_SIMULATOR = True
MOTCUA_OIDC_ISSUER = "/mo-phong/vneid/oauth2/token"
MOTCUA_OIDC_CLIENT_ID = "motcua-demo"
MOTCUA_OIDC_CLIENT_SECRET = "motcua-demo-secret"  # noqa: S105
MOTCUA_OIDC_SIMULATOR_KEY_FILE = ""
USE_VNPAY_SANDBOX = True
