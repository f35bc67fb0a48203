"""`newsdesk export --out DIR [--full] [--theme DIR]`: the static site."""

from __future__ import annotations

import argparse
import sys


def cmd_export(args: argparse.Namespace) -> int:
    from app.bootstrap import open_database
    from app.publish.site.export import export_site

    svc = open_database().services
    tty = sys.stderr.isatty() and not args.quiet
    last = [-1]

    def progress(done: int, total: int, what: str) -> None:
        if not tty or total <= 0:
            return
        pct = done * 100 // total
        if pct != last[0]:
            last[0] = pct
            print(f"\r{what} {done}/{total} ({pct}%)", end="", file=sys.stderr, flush=True)

    result = export_site(svc, args.out, full=args.full, theme_dir=args.theme, progress=progress,
                         workers=args.workers)
    if tty:
        print(file=sys.stderr)
    print(f"导出到 / exported to {result.out_dir}: {result.articles} 篇稿件 / articles, "
          f"{result.files} 个文件 / files")
    print(f"写入 / written {result.written}, 未变 / unchanged {result.unchanged}, "
          f"删除 / removed {result.removed}, 渲染正文 / bodies rendered {result.bodies_rendered}, "
          f"{result.seconds:.2f} s")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export the published articles as a static HTML site")
    p.add_argument("--out", required=True, metavar="DIR", help="the site folder (created if missing)")
    p.add_argument("--full", action="store_true", help="rewrite every file, not only the changed ones")
    p.add_argument("--theme", metavar="DIR", help="a theme folder whose templates override the built-in ones")
    p.add_argument("--workers", type=int, default=None, help="processes for a big export (default: from the usable CPUs and the pages to render)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_export)
