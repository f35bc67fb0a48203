"""NewsDesk 采编台 — desktop editorial workstation for regional newsrooms."""

from importlib.metadata import PackageNotFoundError, version

try:  # the one place the version lives is pyproject.toml
    __version__ = version("newsdesk")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+src"
