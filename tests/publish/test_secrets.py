"""The "no keyring" message of app/publish/secrets.py, with the real keyring module.

The default Linux bundle has no GNOME Secret Service backend (no secretstorage/cryptography;
docs/installer.md): there the message must say that this build lacks it, not send the user looking
for a keyring. Simulated here: a frozen Linux program where `secretstorage` cannot be imported."""

from __future__ import annotations

import sys

import pytest

from app.publish import secrets


@pytest.fixture
def frozen_linux_without_secretstorage(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setitem(sys.modules, "secretstorage", None)  # import secretstorage → ImportError


def test_bundle_without_secret_service_says_so_in_chinese_and_english(no_keyring,
                                                                      frozen_linux_without_secretstorage):
    for call in (lambda: secrets.set_secret("门户", "x"), lambda: secrets.get_secret("门户"),
                 lambda: secrets.delete_secret("门户")):
        with pytest.raises(secrets.SecretStoreUnavailable) as e:
            call()
        zh, en = e.value.message_zh, e.value.message_en
        assert "此版本的采编台不含 GNOME 密钥环" in zh
        assert "请向管理员索取带 GNOME 密钥环支持的版本" in zh and "pip" in zh
        assert "This build of NewsDesk has no GNOME keyring (Secret Service) support" in en
        assert "Ask your administrator for the build with GNOME keyring support" in en
        assert "run NewsDesk from pip" in en
    assert secrets.available() is False


def test_other_machines_keep_the_general_message(no_keyring, monkeypatch):
    """Not frozen (pip install), or a bundle that has secretstorage: the keyring is missing for
    another reason (no desktop session), and the message says to run in one."""
    import importlib.util

    have_secretstorage = importlib.util.find_spec("secretstorage") is not None
    monkeypatch.setitem(sys.modules, "secretstorage", None)
    with pytest.raises(secrets.SecretStoreUnavailable) as e:
        secrets.get_secret("门户")
    assert "找不到系统密钥环" in e.value.message_zh and "No system keyring" in e.value.message_en
    assert "此版本" not in e.value.message_zh

    if not have_secretstorage:
        pytest.skip("secretstorage is not installed here")
    monkeypatch.delitem(sys.modules, "secretstorage")  # importable again: a --secret-service bundle
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(secrets.SecretStoreUnavailable) as e:
        secrets.get_secret("门户")
    assert "找不到系统密钥环" in e.value.message_zh
