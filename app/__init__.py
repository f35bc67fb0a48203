"""NewsDesk 采编台 — desktop editorial workstation for regional newsrooms."""


def __getattr__(name: str) -> str:
    # The version lives in pyproject.toml; looked up only when asked (not on every start).
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("newsdesk")
        except PackageNotFoundError:  # a source tree that was not installed
            return "0.0.0+src"
    raise AttributeError(name)
