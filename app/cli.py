"""`newsdesk` — the GUI without arguments, the same services as subcommands otherwise."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import sys

COMMAND_MODULES = ["core", "text", "publish", "push", "search", "security", "plan"]


def build_parser() -> argparse.ArgumentParser:
    from app import __version__

    p = argparse.ArgumentParser(prog="newsdesk", description="NewsDesk 采编台")
    p.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    p.add_argument("--database", metavar="URL", help="database URL (default: settings or embedded SQLite)")
    p.add_argument("-v", "--verbose", action="store_true")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        modname = f"app.commands.{name}"
        if importlib.util.find_spec(modname) is None:
            continue
        importlib.import_module(modname).register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] == "gui":
        from app.ui.app import run_gui

        return run_gui(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if args.database:
        import os

        os.environ["NEWSDESK_DATABASE_URL"] = args.database
    from app.core.errors import NewsdeskError

    try:
        rc = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return rc
    except BrokenPipeError:  # `newsdesk search … | head`: the reader has all it wants
        return closed_pipe()
    except NewsdeskError as exc:
        print(f"newsdesk: {exc.message(_lang())}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def closed_pipe() -> int:
    """Exit quietly when whoever reads our output stopped reading: no traceback, and nothing more
    written (stdout goes to the null device so the interpreter's final flush cannot fail).
    141 = 128 + SIGPIPE, what a program killed by the closed pipe would report."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 141


def _lang() -> str:
    import locale
    import os

    lang = os.environ.get("NEWSDESK_LANG") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "zh" if lang.lower().startswith("zh") else "en"
