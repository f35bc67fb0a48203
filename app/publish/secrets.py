"""Publishing-target secrets (portal tokens, WordPress application passwords) in the system
keyring: service "NewsDesk", key = the target's name. Never in the database, settings files or
logs. The UI and the CLI call these; the core services never see a secret.

A headless Linux machine has no keyring backend (facts.md): every call then raises
SecretStoreUnavailable with a message the user can act on, never a traceback.

The default Linux bundle leaves out keyring's GNOME Secret Service backend (secretstorage, and the
11 MiB cryptography it needs; docs/installer.md); `build.py --secret-service` builds it in. In such
a bundle the message says so, rather than sending the user to look for a keyring that is there."""

from __future__ import annotations

import sys

from app.core.errors import NewsdeskError

SERVICE = "NewsDesk"


class SecretStoreUnavailable(NewsdeskError):
    code = "no_keyring"


def _bundle_without_secret_service() -> bool:
    """A frozen Linux build made without the GNOME Secret Service backend (`secretstorage` is not
    importable in it)."""
    if not (getattr(sys, "frozen", False) and sys.platform.startswith("linux")):
        return False
    try:
        import secretstorage  # noqa: F401
    except ImportError:
        return True
    return False


def _unavailable(detail: str) -> SecretStoreUnavailable:
    if _bundle_without_secret_service():
        return SecretStoreUnavailable(
            "此版本的采编台不含 GNOME 密钥环（Secret Service）支持，无法保存或读取发布目标的密码。"
            "请向管理员索取带 GNOME 密钥环支持的版本，或在采编台源码目录用 pip 安装后运行"
            "（python -m pip install .）；无桌面的机器可由管理员配置文件密钥环"
            "（PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring）。",
            "This build of NewsDesk has no GNOME keyring (Secret Service) support, so it cannot store "
            "or read publishing secrets. Ask your administrator for the build with GNOME keyring "
            "support, or run NewsDesk from pip (python -m pip install . in its source folder); on a "
            "machine without a desktop an administrator can select the file keyring "
            "(PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring).",
            detail=detail,
        )
    return SecretStoreUnavailable(
        "找不到系统密钥环，无法保存或读取发布目标的密码。请在桌面会话中运行（Windows 凭据管理器、"
        "GNOME 密钥环或 KWallet），或由管理员配置 keyring 后端（例如 keyrings.alt）。",
        "No system keyring is available to store or read publishing secrets. Run inside a desktop "
        "session (Windows Credential Manager, GNOME Keyring, KWallet) or configure a keyring backend "
        "(e.g. keyrings.alt).",
        detail=detail,
    )


def _keyring():  # type: ignore[no-untyped-def]
    try:
        import keyring
        from keyring.backends.fail import Keyring as FailKeyring
    except ImportError as exc:  # pragma: no cover - keyring is a dependency
        raise _unavailable(str(exc)) from None
    kr = keyring.get_keyring()
    if isinstance(kr, FailKeyring) or (type(kr).__name__ == "ChainerBackend" and not getattr(kr, "backends", None)):
        raise _unavailable(type(kr).__name__)
    return keyring


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise NewsdeskError("发布目标名称不能为空。", "A publishing target needs a name.")
    return name


def set_secret(target_name: str, secret: str) -> None:
    name = _check_name(target_name)
    if not secret:
        raise NewsdeskError("密码（令牌）不能为空。", "The secret (token / password) must not be empty.")
    kr = _keyring()
    try:
        kr.set_password(SERVICE, name, secret)
    except kr.errors.KeyringError as exc:
        raise _unavailable(type(exc).__name__) from None


def get_secret(target_name: str) -> str | None:
    """The stored secret, or None when none was set for this target."""
    name = _check_name(target_name)
    kr = _keyring()
    try:
        return kr.get_password(SERVICE, name)
    except kr.errors.KeyringError as exc:
        raise _unavailable(type(exc).__name__) from None


def require_secret(target_name: str) -> str:
    secret = get_secret(target_name)
    if not secret:
        raise NewsdeskError(
            f"发布目标“{target_name}”还没有设置密码（令牌）。请由管理员执行 "
            f"newsdesk target set-secret {target_name}，或在发布目标设置中填写。",
            f"No secret is stored for publishing target “{target_name}”. An administrator can set it "
            f"with `newsdesk target set-secret {target_name}` or in the target settings.",
        )
    return secret


def delete_secret(target_name: str) -> bool:
    """Forget the secret; False when there was none."""
    name = _check_name(target_name)
    kr = _keyring()
    try:
        kr.delete_password(SERVICE, name)
        return True
    except kr.errors.PasswordDeleteError:
        return False
    except kr.errors.KeyringError as exc:
        raise _unavailable(type(exc).__name__) from None


def available() -> bool:
    try:
        _keyring()
        return True
    except SecretStoreUnavailable:
        return False
