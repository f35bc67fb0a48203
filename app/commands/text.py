"""Text subcommands: ``newsdesk proof FILE|-`` and ``newsdesk import FILE``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path


def _lang() -> str:
    lang = os.environ.get("NEWSDESK_LANG") or os.environ.get("LANG") or ""
    return "zh" if lang.lower().startswith("zh") else "en"


def _read(path: str) -> str:
    from app.core.errors import NewsdeskError
    from app.core.importers import decode_text

    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise NewsdeskError(f"无法读取“{path}”：{exc.strerror}", f"Cannot read “{path}”: {exc.strerror}") from exc
    text = decode_text(data)
    if text is None:
        raise NewsdeskError(f"“{path}”不是文本文件。", f"“{path}” is not a text file.")
    return text


def _banned(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The newsroom's banned words from the database; none (with a note) when it is not there."""
    if args.no_banned:
        return []
    try:
        from app.bootstrap import open_database
        from app.core.settings import load_settings

        settings = load_settings()
        url = settings.effective_database_url
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
            raise FileNotFoundError(url)  # proofing never creates a database
        return list(open_database(settings, upgrade=False).services.admin.banned_pairs())
    except Exception as exc:  # no database configured or reachable: proof without the list
        print(
            "提示：未能读取禁用词表，本次不检查禁用词。" if _lang() == "zh"
            else f"note: the banned-word list could not be read ({type(exc).__name__}); not checked.",
            file=sys.stderr,
        )
        return []


def cmd_proof(args: argparse.Namespace) -> int:
    from app.core.text.proofing import fix_all_safe, proof

    text = _read(args.file)
    banned = _banned(args)
    if args.fix:
        fixed = fix_all_safe(text, banned=banned, spacing=args.spacing)
        if args.file == "-":
            sys.stdout.write(fixed)
        elif fixed != text:
            Path(args.file).write_text(fixed, encoding="utf-8")
        text = fixed
    findings = proof(text, banned=banned, spacing=args.spacing)
    out = sys.stderr if args.fix and args.file == "-" else sys.stdout
    if args.json:
        print(json.dumps([dataclasses.asdict(f) for f in findings], ensure_ascii=False, indent=1), file=out)
    else:
        lang = _lang()
        name = "<stdin>" if args.file == "-" else args.file
        for f in findings:
            fix = "" if f.replacement is None else f"  → {f.replacement!r}" + ("" if f.safe else " ?")
            print(f"{name}:{f.line}:{f.column}: {f.rule}: {f.message(lang)}  「{f.excerpt}」{fix}", file=out)
    return 1 if findings else 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.bootstrap import open_database
    from app.core.errors import NewsdeskError
    from app.core.importers import import_file
    from app.core.importers.draft import create_draft

    login = args.as_user or os.environ.get("NEWSDESK_USER")
    if not login:
        raise NewsdeskError("请用 --as 指定以哪个用户的身份导入。", "Say which user imports with --as USER.")
    imported = import_file(args.file)  # fails before anything is written
    services = open_database().services
    actor = services.users.actor_by_login(login)
    article = create_draft(services, actor, imported)
    for zh, en in imported.warnings:
        print(f"newsdesk: {zh if _lang() == 'zh' else en}", file=sys.stderr)
    if args.json:
        print(json.dumps({"id": article.id, "title": article.title, "status": str(article.status)}, ensure_ascii=False))
    else:
        print(article.id)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("proof", help="proofread a text file (or - for standard input)")
    p.add_argument("file", metavar="FILE", help="a text or Markdown file, or - for standard input")
    p.add_argument("--json", action="store_true", help="findings as JSON")
    p.add_argument("--fix", action="store_true", help="apply the safe fixes (to FILE, or print the text for -)")
    p.add_argument("--spacing", choices=["newspaper", "spaced", "off"], default="newspaper",
                   help="spacing between Chinese and Latin/digits (default: newspaper, no space)")
    p.add_argument("--no-banned", action="store_true", help="do not read the banned-word list from the database")
    p.set_defaults(func=cmd_proof)

    p = sub.add_parser("import", help="make a draft from a .docx, a saved web page or its text; prints its id")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--as", dest="as_user", help="the user the draft belongs to (default: $NEWSDESK_USER)")
    p.add_argument("--json", action="store_true", help="print id, title and status as JSON")
    p.set_defaults(func=cmd_import)
