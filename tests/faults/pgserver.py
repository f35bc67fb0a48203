"""A PostgreSQL server of our own for fault tests: initdb in a temporary folder with
scram-sha-256 password authentication, on another port of 127.0.0.1; started, stopped (by
its pid) and restarted by the tests. Skipped when the PostgreSQL 15 binaries are missing."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BIN = Path(os.environ.get("NEWSDESK_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "ndsuper"


def available() -> bool:
    return (BIN / "initdb").exists() and (BIN / "postgres").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres() -> dict:
    """initdb and postgres refuse to run as root: run them as the postgres account then
    (directly, so the pid we hold is the server's own)."""
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam("postgres")
        return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
    return {}


class PgServer:
    def __init__(self, password: str = "super-secret-pw") -> None:
        self.password = password
        self.dir = Path(tempfile.mkdtemp(prefix="nd-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        os.chmod(self.dir, 0o777)
        pwfile = self.dir / "pw"
        pwfile.write_text(password + "\n")
        os.chmod(pwfile, 0o644)
        subprocess.run([str(BIN / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                        "--pwfile", str(pwfile), "--auth=scram-sha-256", "-E", "UTF8",
                        "--locale=C.UTF-8", "-N"],
                       check=True, capture_output=True, timeout=120, cwd=self.dir, **_as_postgres())
        pwfile.unlink()

    def url(self, user: str = SUPERUSER, password: str | None = None, db: str = "postgres") -> str:
        pw = self.password if password is None else password
        return f"postgresql://{user}:{pw}@127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        with open(self.dir / "server.log", "ab") as log:  # the server has its own copy of the file
            self.proc = subprocess.Popen(
                [str(BIN / "postgres"), "-D", str(self.data), "-p", str(self.port),
                 "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.dir}",
                 "-c", "fsync=off", "-c", "log_statement=all", "-c", "max_connections=60"],
                stdout=log, stderr=log, cwd=self.dir, **_as_postgres())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("PostgreSQL did not start:\n" + self.log_text()[-2000:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                r = subprocess.run([str(BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                                   capture_output=True)
                if r.returncode == 0:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not become ready")

    def stop(self, sig: int = signal.SIGINT) -> None:
        """SIGINT is PostgreSQL's fast shutdown: clients are disconnected at once."""
        if self.proc is None:
            return
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.proc = None

    def log_text(self) -> str:
        p = self.dir / "server.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
