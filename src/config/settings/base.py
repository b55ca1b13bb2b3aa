"""Settings shared by every environment; environment modules only override."""

from __future__ import annotations

import dj_database_url
import structlog

from config.env import BASE_DIR, env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.organisations",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.documents",
    "motcua.payments",
    "motcua.notifications",
    "motcua.integrations.oidc_provider",
    "motcua.dossiers",
    "motcua.reform",
    "motcua.reports",
    "motcua.feedback",
    "motcua.portal",
    "motcua.workspace",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'motcua.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement run `DATABASE_PREPARE_THRESHOLD` times on a
    # connection kept prepared: the hot reads (lookup, worklist, dossier and procedure pages) skip
    # planning their joins on every request (docs/adr/0010-prepared-statements.md). A transaction-
    # pooling PgBouncer older than 1.21 cannot keep prepared statements: set the threshold to 0.
    _prepare = env_int("DATABASE_PREPARE_THRESHOLD", 5)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": _prepare if _prepare > 0 else None}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after-login"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second (design.md).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "src" / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Background work: task rows in the same database, written in the same transaction.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua@localhost")

# SMS to applicants: a provider class by dotted path (empty = no SMS); docs/operations.md.
MOTCUA_SMS_PROVIDER = env_str("MOTCUA_SMS_PROVIDER", "")
MOTCUA_SMS_FILE_DIR = env_str("MOTCUA_SMS_FILE_DIR", str(BASE_DIR / "var" / "sms"))
# A failed e-mail or SMS is tried again after 1, 2, 4, … minutes (at most an hour), this many times.
MOTCUA_NOTIFY_MAX_ATTEMPTS = env_int("MOTCUA_NOTIFY_MAX_ATTEMPTS", 8)
MOTCUA_NOTIFY_RETRY_SECONDS = env_int("MOTCUA_NOTIFY_RETRY_SECONDS", 60)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# MộtCửa settings (documented in .env.example).
MOTCUA_SITE_NAME = env_str("MOTCUA_SITE_NAME", "MộtCửa")
MOTCUA_PROVINCE_CODE = env_int("MOTCUA_PROVINCE_CODE", 40)
MOTCUA_UPLOAD_MAX_BYTES = env_int("MOTCUA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
MOTCUA_UPLOAD_MAX_FILES = env_int("MOTCUA_UPLOAD_MAX_FILES", 10)
# Uploaded images are re-encoded at most this many pixels on their long side; larger images (in
# pixels) are refused before decoding.
MOTCUA_UPLOAD_IMAGE_MAX_SIDE = env_int("MOTCUA_UPLOAD_IMAGE_MAX_SIDE", 3000)
MOTCUA_UPLOAD_IMAGE_MAX_PIXELS = env_int("MOTCUA_UPLOAD_IMAGE_MAX_PIXELS", 60_000_000)
# Antivirus: a clamd Unix socket path or host:port (empty: no scan); refuse uploads when it is down
# unless fail-open is set (documents/antivirus.py).
MOTCUA_CLAMD_ADDRESS = env_str("MOTCUA_CLAMD_ADDRESS", "")
MOTCUA_CLAMD_FAIL_OPEN = env_bool("MOTCUA_CLAMD_FAIL_OPEN", False)
# Decree 118/2025/NĐ-CP Art 18(2): desk receipts at or after this time start the clock next working day.
MOTCUA_COUNTER_CUTOFF = env_str("MOTCUA_COUNTER_CUTOFF", "15:00")
MOTCUA_PUBLIC_BASE_URL = env_str("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# National e-ID sign-in (docs/identity.md). Empty issuer/client = the VNeID button is hidden.
USE_OIDC_SIMULATOR = env_bool("USE_OIDC_SIMULATOR", False)
MOTCUA_OIDC_ISSUER = env_str("MOTCUA_OIDC_ISSUER", "")
MOTCUA_OIDC_CLIENT_ID = env_str("MOTCUA_OIDC_CLIENT_ID", "")
MOTCUA_OIDC_CLIENT_SECRET = env_str("MOTCUA_OIDC_CLIENT_SECRET", "")
MOTCUA_OIDC_REDIRECT_URI = env_str("MOTCUA_OIDC_REDIRECT_URI", "")
MOTCUA_OIDC_SCOPE = env_str("MOTCUA_OIDC_SCOPE", "openid")
MOTCUA_OIDC_ACR_VALUES = env_str("MOTCUA_OIDC_ACR_VALUES", "LoA1")
MOTCUA_OIDC_TOKEN_AUTH_METHOD = env_str("MOTCUA_OIDC_TOKEN_AUTH_METHOD", "client_secret_basic")
MOTCUA_OIDC_CLAIM_FULL_NAME = env_str("MOTCUA_OIDC_CLAIM_FULL_NAME", "name")
MOTCUA_OIDC_CLAIM_PERSONAL_ID = env_str("MOTCUA_OIDC_CLAIM_PERSONAL_ID", "so_dinh_danh")
MOTCUA_OIDC_CLAIM_PHONE = env_str("MOTCUA_OIDC_CLAIM_PHONE", "phone_number")
MOTCUA_OIDC_CLAIM_EMAIL = env_str("MOTCUA_OIDC_CLAIM_EMAIL", "email")
MOTCUA_OIDC_CLAIM_BIRTH_DATE = env_str("MOTCUA_OIDC_CLAIM_BIRTH_DATE", "birthdate")
MOTCUA_OIDC_TIMEOUT = env_int("MOTCUA_OIDC_TIMEOUT", 10)
MOTCUA_OIDC_CA_BUNDLE = env_str("MOTCUA_OIDC_CA_BUNDLE", "")
MOTCUA_OIDC_SIMULATOR_KEY_FILE = env_str(
    "MOTCUA_OIDC_SIMULATOR_KEY_FILE", str(BASE_DIR / "var" / "oidc-simulator-key.json")
)
# Online payment (docs/adr/0008-payments.md): VNPay merchant settings; the sandbox in dev and tests.
USE_VNPAY_SANDBOX = env_bool("USE_VNPAY_SANDBOX", False)
MOTCUA_VNPAY_TMN_CODE = env_str("MOTCUA_VNPAY_TMN_CODE", "")
MOTCUA_VNPAY_HASH_SECRET = env_str("MOTCUA_VNPAY_HASH_SECRET", "")
MOTCUA_VNPAY_URL = env_str("MOTCUA_VNPAY_URL", "")
MOTCUA_VNPAY_EXPIRE_MINUTES = env_int("MOTCUA_VNPAY_EXPIRE_MINUTES", 15)
MOTCUA_VNPAY_SANDBOX_IPN_URL = env_str("MOTCUA_VNPAY_SANDBOX_IPN_URL", "")
# Electronic signatures (docs/signatures.md): trusted root certificates (PEM paths), keys, timestamps.
MOTCUA_TRUSTED_ROOTS = env_list("MOTCUA_TRUSTED_ROOTS", [])
MOTCUA_KEYS_DIR = env_str("MOTCUA_KEYS_DIR", str(BASE_DIR / "var" / "keys"))
MOTCUA_PKCS11_MODULE = env_str("MOTCUA_PKCS11_MODULE", "")
MOTCUA_TSA_URL = env_str("MOTCUA_TSA_URL", "")
MOTCUA_TSA_USERNAME = env_str("MOTCUA_TSA_USERNAME", "")
MOTCUA_TSA_PASSWORD = env_str("MOTCUA_TSA_PASSWORD", "")
MOTCUA_TSA_TIMEOUT = env_int("MOTCUA_TSA_TIMEOUT", 10)
MOTCUA_SIGN_MAX_BYTES = env_int("MOTCUA_SIGN_MAX_BYTES", MOTCUA_UPLOAD_MAX_BYTES)
MOTCUA_VERIFY_FETCH_REVOCATION = env_bool("MOTCUA_VERIFY_FETCH_REVOCATION", False)
MOTCUA_OCR = env_str("MOTCUA_OCR", "auto")
MOTCUA_OCR_TIMEOUT = env_int("MOTCUA_OCR_TIMEOUT", 120)
# Periodic jobs enqueued by `motcua run_scheduler`: (task path, interval in seconds).
MOTCUA_PERIODIC_JOBS = [
    ("motcua.dossiers.tasks.close_expired_supplements_task", 3600),
    ("motcua.payments.tasks.expire_payments_task", 900),
    ("motcua.reports.tasks.snapshot_pending_task", 3600),
]
# Online-submission drafts: purged once not saved for this many days (daily job, `purge_drafts`).
MOTCUA_DRAFT_RETENTION_DAYS = env_int("MOTCUA_DRAFT_RETENTION_DAYS", 30)
MOTCUA_PERIODIC_JOBS.append(("motcua.dossiers.drafts.purge_drafts_task", 86400))
# Public dossier lookups (page and API) per client address per minute; 0 turns the limit off.
MOTCUA_LOOKUP_RATE_PER_MINUTE = env_int("MOTCUA_LOOKUP_RATE_PER_MINUTE", 60)
# Public procedure pages are cached until the catalog changes; with the per-process memory cache a
# change reaches the other processes within this many seconds (0: no cache). See catalog.page_cache.
MOTCUA_CATALOG_PAGE_CACHE_SECONDS = env_int("MOTCUA_CATALOG_PAGE_CACHE_SECONDS", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.dev.ConsoleRenderer(colors=False),
        },
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.processors.JSONRenderer(),
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)
