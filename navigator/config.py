"""Settings, read from environment variables only, with safe defaults.

Development needs no variable at all: SQLite under `instance/`, the index under
`search_index/`, content from `content/` and a secret generated once into `instance/`.
Production (`NAVIGATOR_ENV=production`) refuses to start without `NAVIGATOR_SECRET_KEY` and
`NAVIGATOR_PUBLIC_BASE_URL`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """A setting is missing or invalid; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    instance_dir: Path = PROJECT_ROOT / "instance"
    database_url: str = ""
    content_dir: Path = PROJECT_ROOT / "content"
    index_dir: Path = PROJECT_ROOT / "search_index"
    secret_key: str = ""
    public_base_url: str = "http://127.0.0.1:5000"
    # Notifications. Empty host / URL means the channel is not configured: messages wait in the outbox.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "navigator@localhost"
    sms_gateway_url: str = ""
    sms_gateway_token: str = ""
    # Channels that answer citizens (navigator/channels). An empty secret or token turns a channel off.
    sms_inbound_secret: str = ""  # HMAC key of the SMS gateway's inbound webhook
    voice_secret: str = ""  # HMAC key of the voice (IVR) provider's webhook
    telegram_bot_token: str = ""
    telegram_secret: str = ""  # X-Telegram-Bot-Api-Secret-Token of the webhook
    telegram_api_url: str = "https://api.telegram.org"
    # Optional: the region's hotline number, shown in the header and empty states when set.
    hotline_phone: str = ""
    # NAVIGATOR_PREVIEW: serve drafts with a «Черновик» banner (editors' preview); on by default in development.
    preview: bool = False
    region: str = ""  # NAVIGATOR_REGION: a single-region install shows only that region and hides the choice
    trusted_proxies: int = 0
    metrics_token: str = ""  # NAVIGATOR_METRICS_TOKEN: /metrics for a bearer of it; without it, loopback only
    log_format: str = "text"  # NAVIGATOR_LOG_FORMAT: text or json (one JSON object per line)
    log_level: str = "INFO"  # NAVIGATOR_LOG_LEVEL
    timezone_name: str = "Europe/Moscow"
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def catalog_cache(self) -> Path:
        """Parsed content files shared by this install's processes (navigator/catalog/parsed_cache.py)."""
        return self.instance_dir / "catalog-cache.sqlite3"

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone_name)

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _development_secret(instance_dir: Path) -> str:
    """A random secret generated on first run and kept under instance/ (never committed)."""
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env_vars = os.environ if environ is None else environ
    env = env_vars.get("NAVIGATOR_ENV", "development").strip() or "development"
    if env not in ENVIRONMENTS:
        raise ConfigError(f"NAVIGATOR_ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}")
    instance_dir = Path(env_vars.get("NAVIGATOR_INSTANCE_DIR") or PROJECT_ROOT / "instance")
    secret_key = env_vars.get("NAVIGATOR_SECRET_KEY", "")
    if not secret_key:
        if env == "production":
            raise ConfigError(
                "NAVIGATOR_SECRET_KEY is not set. Production refuses to start without a secret key: "
                "set it to a long random value, for example the output of "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'."
            )
        secret_key = _development_secret(instance_dir)
    database_url = env_vars.get("NAVIGATOR_DATABASE_URL") or f"sqlite:///{instance_dir / 'navigator.db'}"
    public_base_url = (env_vars.get("NAVIGATOR_PUBLIC_BASE_URL") or "").strip().rstrip("/")
    if env == "production" and not public_base_url.startswith(("https://", "http://")):
        raise ConfigError(
            "NAVIGATOR_PUBLIC_BASE_URL is not set. Production refuses to start without the public address of the "
            "site (for example https://navigator.example.ru): route sheets print it as a QR code and a link, "
            "and notifications send citizens to it."
        )
    return Settings(
        env=env,
        instance_dir=instance_dir,
        database_url=database_url,
        content_dir=Path(env_vars.get("NAVIGATOR_CONTENT_DIR") or PROJECT_ROOT / "content"),
        index_dir=Path(env_vars.get("NAVIGATOR_INDEX_DIR") or PROJECT_ROOT / "search_index"),
        secret_key=secret_key,
        public_base_url=public_base_url or "http://127.0.0.1:5000",
        smtp_host=env_vars.get("NAVIGATOR_SMTP_HOST", ""),
        smtp_port=_int(env_vars, "NAVIGATOR_SMTP_PORT", 25),
        smtp_username=env_vars.get("NAVIGATOR_SMTP_USERNAME", ""),
        smtp_password=env_vars.get("NAVIGATOR_SMTP_PASSWORD", ""),
        smtp_starttls=_flag(env_vars.get("NAVIGATOR_SMTP_STARTTLS")),
        mail_from=env_vars.get("NAVIGATOR_MAIL_FROM", "navigator@localhost"),
        sms_gateway_url=env_vars.get("NAVIGATOR_SMS_GATEWAY_URL", ""),
        sms_gateway_token=env_vars.get("NAVIGATOR_SMS_GATEWAY_TOKEN", ""),
        sms_inbound_secret=env_vars.get("NAVIGATOR_SMS_INBOUND_SECRET", ""),
        voice_secret=env_vars.get("NAVIGATOR_VOICE_SECRET", ""),
        telegram_bot_token=env_vars.get("NAVIGATOR_TELEGRAM_BOT_TOKEN", ""),
        telegram_secret=env_vars.get("NAVIGATOR_TELEGRAM_SECRET", ""),
        telegram_api_url=(env_vars.get("NAVIGATOR_TELEGRAM_API_URL") or "https://api.telegram.org").rstrip("/"),
        hotline_phone=env_vars.get("NAVIGATOR_HOTLINE_PHONE", ""),
        region=env_vars.get("NAVIGATOR_REGION", "").strip(),
        preview=_flag(env_vars.get("NAVIGATOR_PREVIEW", "1" if env == "development" else "0")),
        trusted_proxies=_int(env_vars, "NAVIGATOR_TRUSTED_PROXIES", 0),
        metrics_token=env_vars.get("NAVIGATOR_METRICS_TOKEN", "").strip(),
        log_format=_choice(env_vars, "NAVIGATOR_LOG_FORMAT", ("text", "json")),
        log_level=_choice(env_vars, "NAVIGATOR_LOG_LEVEL", ("INFO", "DEBUG", "WARNING", "ERROR")),
        timezone_name=_timezone(env_vars.get("NAVIGATOR_TIMEZONE") or "Europe/Moscow"),
    )


def _choice(environ: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    """The value of `name` (case as in `allowed`), the first of `allowed` when unset; anything else is refused."""
    raw = (environ.get(name) or allowed[0]).strip()
    for value in allowed:
        if raw.lower() == value.lower():
            return value
    raise ConfigError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"NAVIGATOR_TIMEZONE {name!r} is not a known time zone (e.g. Asia/Yekaterinburg)") from exc
    return name
