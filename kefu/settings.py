"""One typed settings object for every kefu process.

Values come from the environment (prefix ``KEFU_``), then from ``.env`` in the project root, then
from the defaults below. Secrets (the Rasa and service tokens, the data key) are generated on first
run into ``var/secrets.env``, which git ignores; an environment value always wins.
A malformed value stops start-up with one line naming the setting (see :func:`load_settings`).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseSettings, Field, SecretStr, ValidationError, validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_NAMES = ("rasa_token", "service_token", "data_key")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and says what is wrong."""


class Settings(BaseSettings):
    """Everything a kefu process needs to know about its surroundings."""

    var_dir: Path = Field(PROJECT_ROOT / "var", description="local state: database, logs, secrets")
    database_url: str = Field("", description="SQLAlchemy URL; default a SQLite file in var_dir")
    host: str = Field("127.0.0.1", description="interface every process binds to")
    rasa_port: int = Field(5005, description="Rasa server (HTTP API and REST channel)")
    action_port: int = Field(5055, description="Rasa action server")
    service_port: int = Field(8000, description="ticketing service: API, widget, console")
    rasa_token: SecretStr = Field(SecretStr(""), description="token for Rasa's HTTP API")
    service_token: SecretStr = Field(SecretStr(""), description="token the bot uses on the service")
    data_key: SecretStr = Field(SecretStr(""), description="key for personal data at rest")
    timezone: str = Field("Asia/Shanghai", description="business time zone (IANA name)")
    default_language: str = Field("zh", description="language before a customer writes: zh or en")
    model_dir: Path = Field(PROJECT_ROOT / "models", description="trained Rasa models")
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR")

    class Config:
        env_prefix = "KEFU_"
        env_file = PROJECT_ROOT / ".env"
        env_file_encoding = "utf-8"

    @validator("database_url", always=True)
    def _database_url_parses(cls, value: str, values: dict) -> str:
        if not value:
            var_dir = values.get("var_dir", PROJECT_ROOT / "var")
            return f"sqlite:///{Path(var_dir).resolve() / 'kefu.db'}"
        try:
            url = make_url(value)
        except (ArgumentError, ValueError) as error:
            raise ValueError(f"not a database URL ({error})") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            backend = url.get_backend_name()
            raise ValueError(f"backend '{backend}' unsupported; use sqlite or postgresql")
        return value

    @validator("rasa_port", "action_port", "service_port")
    def _port_in_range(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError(f"{value} is not a TCP port (1-65535)")
        return value

    @validator("timezone")
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}'") from None
        return value

    @validator("default_language")
    def _supported_language(cls, value: str) -> str:
        if value not in ("zh", "en"):
            raise ValueError(f"'{value}' is not a supported language (zh, en)")
        return value

    @validator("log_level")
    def _known_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError(f"'{value}' is not a log level")
        return value.upper()

    @property
    def tz(self) -> ZoneInfo:
        """The business time zone as a tzinfo."""
        return ZoneInfo(self.timezone)

    @property
    def log_dir(self) -> Path:
        """Where every process writes its log file."""
        return self.var_dir / "log"

    @property
    def rasa_url(self) -> str:
        """Base URL of the Rasa server."""
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        """Base URL of the action server."""
        return f"http://{self.host}:{self.action_port}"

    @property
    def service_url(self) -> str:
        """Base URL of the ticketing service."""
        return f"http://{self.host}:{self.service_port}"


def _read_secrets_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, sep, value = line.partition("=")
            if sep and name.strip():
                values[name.strip()] = value.strip()
    return values


def ensure_secrets(var_dir: Path) -> dict[str, str]:
    """Return the generated secrets, creating ``var/secrets.env`` (mode 600) on first use."""
    path = var_dir / "secrets.env"
    stored = _read_secrets_file(path)
    missing = [name for name in SECRET_NAMES if not stored.get(name)]
    if missing:
        var_dir.mkdir(parents=True, exist_ok=True)
        for name in missing:
            stored[name] = secrets.token_urlsafe(32)
        path.write_text("".join(f"{k}={v}\n" for k, v in stored.items()), encoding="utf-8")
        path.chmod(0o600)
    return stored


def load_settings(**overrides: object) -> Settings:
    """Read the settings, filling unset secrets from ``var/secrets.env``.

    Raises:
        SettingsError: one line naming the first bad setting, e.g.
            ``KEFU_DATABASE_URL: not a database URL (...)``.
    """
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0])
        raise SettingsError(f"KEFU_{name.upper()}: {first['msg']}") from None
    generated = ensure_secrets(settings.var_dir)
    filled = {
        name: SecretStr(generated[name])
        for name in SECRET_NAMES
        if not getattr(settings, name).get_secret_value()
    }
    return settings.copy(update=filled) if filled else settings
