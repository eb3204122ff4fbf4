import pytest

from navigator import create_app
from navigator.config import ConfigError, load_settings


def test_production_refuses_to_start_without_a_secret(tmp_path):
    with pytest.raises(ConfigError, match="NAVIGATOR_SECRET_KEY"):
        load_settings({"NAVIGATOR_ENV": "production", "NAVIGATOR_INSTANCE_DIR": str(tmp_path)})


def test_production_refuses_to_start_without_the_public_address(tmp_path):
    with pytest.raises(ConfigError, match="NAVIGATOR_PUBLIC_BASE_URL") as refused:
        load_settings({"NAVIGATOR_ENV": "production", "NAVIGATOR_SECRET_KEY": "x" * 50})
    assert "QR" in str(refused.value)
    settings = load_settings(
        {"NAVIGATOR_ENV": "production", "NAVIGATOR_SECRET_KEY": "x" * 50, "NAVIGATOR_PUBLIC_BASE_URL": "https://n.ru/"}
    )
    assert settings.public_base_url == "https://n.ru"


def test_development_secret_is_generated_once_and_kept(tmp_path):
    env = {"NAVIGATOR_INSTANCE_DIR": str(tmp_path)}
    first = load_settings(env)
    second = load_settings(env)
    assert first.secret_key == second.secret_key and len(first.secret_key) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.database_url == f"sqlite:///{tmp_path / 'navigator.db'}"


def test_settings_come_from_the_environment(tmp_path):
    settings = load_settings(
        {
            "NAVIGATOR_ENV": "production",
            "NAVIGATOR_SECRET_KEY": "x" * 50,
            "NAVIGATOR_PUBLIC_BASE_URL": "https://navigator.example.ru/",
            "NAVIGATOR_DATABASE_URL": "postgresql+psycopg://u@h/db",
            "NAVIGATOR_CONTENT_DIR": str(tmp_path / "c"),
            "NAVIGATOR_INDEX_DIR": str(tmp_path / "i"),
        }
    )
    assert settings.production and settings.database_url.startswith("postgresql")
    assert settings.content_dir == tmp_path / "c" and settings.index_dir == tmp_path / "i"
    app = create_app(settings)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_bad_values_are_explained():
    with pytest.raises(ConfigError, match="NAVIGATOR_ENV"):
        load_settings({"NAVIGATOR_ENV": "prod"})
    with pytest.raises(ConfigError, match="NAVIGATOR_SMTP_PORT"):
        load_settings({"NAVIGATOR_SECRET_KEY": "x", "NAVIGATOR_SMTP_PORT": "twenty-five"})
    with pytest.raises(ConfigError, match="NAVIGATOR_LOG_FORMAT must be one of text, json"):
        load_settings({"NAVIGATOR_SECRET_KEY": "x", "NAVIGATOR_LOG_FORMAT": "xml"})
    assert load_settings({"NAVIGATOR_SECRET_KEY": "x", "NAVIGATOR_LOG_FORMAT": "JSON"}).log_format == "json"


def test_create_app_does_no_io(tmp_path):
    missing = tmp_path / "does-not-exist"
    from tests.conftest import make_settings

    create_app(make_settings(tmp_path, content_dir=missing, index_dir=missing, instance_dir=missing))
    assert not missing.exists()
