"""Per-desktop settings: where the database is, the interface language, the last user.
A JSON file in the user's config folder; an admin-provided ``newsroom.json`` (beside the
installed program or in the data folder) points new desktops at the newsroom PostgreSQL."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

APP_NAME = "NewsDesk"


def data_dir() -> Path:
    env = os.environ.get("NEWSDESK_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    env = os.environ.get("NEWSDESK_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


@dataclass
class Settings:
    database_url: str = ""  # empty: the embedded SQLite file in data_dir()
    language: str = "zh_CN"  # zh_CN | en
    last_login: str = ""
    timezone: str = "Asia/Shanghai"
    # Newsroom mode with per-staff PostgreSQL login roles (docs/security.md): the desktop connects
    # as ``<staff_role_prefix><login>`` with the password typed at login, never as the owner.
    staff_logins: bool = False
    staff_role_prefix: str = "nd_"  # as `newsdesk security pg-setup --prefix` (pgroles.DEFAULT_PREFIX)
    extra: dict = field(default_factory=dict)

    @property
    def effective_database_url(self) -> str:
        env = os.environ.get("NEWSDESK_DATABASE_URL")
        if env:
            return env
        if self.database_url:
            return self.database_url
        return f"sqlite:///{data_dir() / 'newsdesk.db'}"

    @property
    def embedded(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


def settings_path() -> Path:
    return config_dir() / "settings.json"


def newsroom_files() -> list[Path]:
    """Where an admin may place newsroom.json: beside the program, then in the data folder."""
    out = []
    if getattr(sys, "frozen", False):
        out.append(Path(sys.executable).resolve().parent / "newsroom.json")
    out.append(data_dir() / "newsroom.json")
    return out


def load_settings() -> Settings:
    s = Settings()
    known = {f.name for f in fields(Settings)}
    for nf in newsroom_files():
        if nf.is_file():
            try:
                for k, v in json.loads(nf.read_text("utf-8")).items():
                    if k in known:
                        setattr(s, k, v)
            except (OSError, ValueError):
                pass
            break
    p = settings_path()
    if p.is_file():
        try:
            for k, v in json.loads(p.read_text("utf-8")).items():
                if k in known:
                    setattr(s, k, v)
        except (OSError, ValueError):
            pass  # a damaged settings file falls back to defaults
    return s


def save_settings(s: Settings) -> None:
    p = settings_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(s), ensure_ascii=False, indent=2), "utf-8")
    os.replace(tmp, p)
