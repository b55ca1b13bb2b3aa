"""The quick start (`make run`): SQLite under var/, debug pages, mail written to var/mail."""

from config.env import BASE_DIR, env_bool, env_str

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-motcua-quick-start")
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
# SMS are written to var/sms/sms-YYYY-MM-DD.jsonl instead of going to a gateway.
MOTCUA_SMS_PROVIDER = env_str("MOTCUA_SMS_PROVIDER", "motcua.notifications.sms.FileSmsProvider")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the apps directly; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo CA made by `motcua create_demo_ca` (make run) is trusted in the demo only.
if (BASE_DIR / "var" / "keys" / "demo-root.pem").exists():
    MOTCUA_TRUSTED_ROOTS = [*MOTCUA_TRUSTED_ROOTS, str(BASE_DIR / "var" / "keys" / "demo-root.pem")]  # noqa: F405

# The demo signs citizens in through the local VNeID simulator (docs/identity.md).
USE_OIDC_SIMULATOR = env_bool("USE_OIDC_SIMULATOR", True)
MOTCUA_OIDC_ISSUER = env_str("MOTCUA_OIDC_ISSUER", "/mo-phong/vneid/oauth2/token")
MOTCUA_OIDC_CLIENT_ID = env_str("MOTCUA_OIDC_CLIENT_ID", "motcua-demo")
MOTCUA_OIDC_CLIENT_SECRET = env_str("MOTCUA_OIDC_CLIENT_SECRET", "motcua-demo-secret")
USE_VNPAY_SANDBOX = env_bool("USE_VNPAY_SANDBOX", True)

# SQLite is shared by the web server, the task worker and the scheduler: wait for locks instead of
# failing, write-ahead log so readers never block the writer, and take the write lock up front.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
