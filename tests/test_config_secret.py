"""Production refuses a guessable SECRET_KEY; SURVEYAPP_ENV is read whatever its case."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveyapp.config import Config


@pytest.mark.parametrize("env", ["production", "Production", " PRODUCTION "])
def test_production_refuses_a_secret_key_shorter_than_32_bytes(
    env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SURVEYAPP_ENV", env)
    monkeypatch.setenv("SECRET_KEY", "x" * 31)
    config = Config(str(tmp_path))
    assert config.ENV == "production"
    with pytest.raises(RuntimeError, match="32 bytes"):
        config.check()
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    Config(str(tmp_path)).check()


def test_production_refuses_the_default_secret_in_any_case_of_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SURVEYAPP_ENV", "PRODUCTION")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="must be set"):
        Config(str(tmp_path)).check()


def test_development_accepts_a_short_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SURVEYAPP_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", "short")
    Config(str(tmp_path)).check()
