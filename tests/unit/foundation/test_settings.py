"""Settings: defaults, generated secrets, and one clear line per bad value."""

from pathlib import Path

import pytest

from kefu.settings import SettingsError, load_settings


def test_defaults_put_the_database_in_var_and_use_shanghai_time(var_dir: Path) -> None:
    settings = load_settings(var_dir=var_dir)
    assert settings.database_url == f"sqlite:///{var_dir.resolve() / 'kefu.db'}"
    assert (settings.host, settings.rasa_port, settings.action_port, settings.service_port) == (
        "127.0.0.1",
        5005,
        5055,
        8000,
    )
    assert settings.timezone == "Asia/Shanghai"
    assert settings.default_language == "zh"


def test_secrets_are_generated_once_into_a_private_file(var_dir: Path) -> None:
    first = load_settings(var_dir=var_dir)
    second = load_settings(var_dir=var_dir)
    secrets_file = var_dir / "secrets.env"
    assert secrets_file.stat().st_mode & 0o777 == 0o600
    for name in ("rasa_token", "service_token", "data_key"):
        value = getattr(first, name).get_secret_value()
        assert len(value) >= 32
        assert getattr(second, name).get_secret_value() == value
    assert first.rasa_token.get_secret_value() != first.service_token.get_secret_value()


def test_an_environment_value_wins_over_the_generated_secret(
    var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEFU_SERVICE_TOKEN", "from-the-environment-0123456789abcdef")
    settings = load_settings(var_dir=var_dir)
    assert settings.service_token.get_secret_value() == "from-the-environment-0123456789abcdef"


def test_secrets_never_show_in_the_settings_repr(var_dir: Path) -> None:
    settings = load_settings(var_dir=var_dir)
    assert settings.rasa_token.get_secret_value() not in repr(settings)


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("database_url", "not a url", "KEFU_DATABASE_URL: not a database URL"),
        ("database_url", "mysql://root@localhost/kefu", "KEFU_DATABASE_URL: backend 'mysql'"),
        ("database_url", "postgresql://u:notaport@h:x/db", "KEFU_DATABASE_URL: not a database URL"),
        ("rasa_port", 70000, "KEFU_RASA_PORT: 70000 is not a TCP port"),
        ("service_port", "eighty", "KEFU_SERVICE_PORT: value is not a valid integer"),
        ("timezone", "Mars/Olympus", "KEFU_TIMEZONE: unknown time zone 'Mars/Olympus'"),
        ("default_language", "fr", "KEFU_DEFAULT_LANGUAGE: 'fr' is not a supported language"),
        ("log_level", "LOUD", "KEFU_LOG_LEVEL: 'LOUD' is not a log level"),
    ],
)
def test_a_bad_value_names_its_setting(
    var_dir: Path, setting: str, value: object, message: str
) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(var_dir=var_dir, **{setting: value})
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_values_come_from_the_environment(var_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEFU_RASA_PORT", "15005")
    monkeypatch.setenv("KEFU_TIMEZONE", "Europe/Berlin")
    settings = load_settings(var_dir=var_dir)
    assert settings.rasa_port == 15005
    assert settings.tz.key == "Europe/Berlin"
