"""The quick start (`make run`): SQLite under var/, debug pages, mail written to var/mail."""

from config.env import BASE_DIR, env_str

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-motcua-quick-start")
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
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
