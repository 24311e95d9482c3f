"""`eventsift serve` in a child process on a free loopback port, for tests that need a real HTTP server.

The API tests through FastAPI's TestClient never cross a socket; these start
the command a deployment runs (uvicorn, h11), so raw requests (chunked
bodies, lying Content-Length, unnormalised paths) reach it as sent.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

__all__ = ["LiveServer", "free_port", "serve", "hostile_records", "write_hostile_corpus"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, proc: subprocess.Popen, port: int, log=None):
        self.proc = proc
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self._log = log

    def stderr(self) -> str:
        """What the server has written to stderr so far (warnings, tracebacks of 500s)."""
        if self._log is None:
            return ""
        self._log.flush()
        return Path(self._log.name).read_text(encoding="utf-8", errors="replace")

    def rss_kib(self) -> int:
        """The server process's resident memory (Linux), to show a request was not held in memory."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")


@contextmanager
def serve(db: str, token: str | None = None, timeout: float = 60) -> Iterator[LiveServer]:
    """Start `python -m eventsift serve --db DB` (with --token when given); stop it afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "EVENTSIFT_TOKEN"}
    cmd = [sys.executable, "-m", "eventsift", "serve", "--db", db, "--port", str(port)]
    if token:
        env["EVENTSIFT_TOKEN"] = token  # not on the command line, where ps would show it
    # stderr to a file, not a pipe: nothing reads a pipe while the tests run, and once its 64 KiB
    # buffer is full the server blocks on its next log line (a warning, a 500's traceback) and hangs.
    log = tempfile.NamedTemporaryFile(prefix="eventsift-serve-", suffix=".log")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log)
    server = LiveServer(proc, port, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{server.base}/openapi.json", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = server.stderr()[-4000:] if proc.poll() is not None else "timeout"
                raise RuntimeError(f"eventsift serve did not start: {err}")
            time.sleep(0.1)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def hostile_records() -> list[dict]:
    """JSON Lines records whose text, metadata and ids a page or a query could mistake for code."""
    return [
        {"id": "ar-1.json", "language": "ar", "outlet": "مرصد حمص", "title": "قصف على حي الخالدية",
         "published": "2014-03-12T08:00:00Z",
         "text": "قصفت قوات النظام حي الخالدية في حمص يوم الثلاثاء، ما أدى إلى مقتل 12 شخصاً على الأقل، "
                 "بحسب المرصد السوري لحقوق الإنسان."},
        {"id": "hostile-1.json", "language": "en", "published": "2014-03-11T08:00:00Z",
         "outlet": "<script>alert(1)</script>", "title": "\"><img src=x onerror=alert(1)>",
         "url": "javascript:alert(document.cookie)",
         "text": "Government forces shelled Rastan on Monday <script>alert(1)</script>, killing 4 people "
                 "<img src=x onerror=alert(1)>, activists said. '; DROP TABLE events; -- "
                 "</script><!-- \u2028 ${7*7} {{7*7}}"},
        {"id": "../../../../etc/passwd", "language": "en", "published": "2014-03-09T08:00:00Z",
         "text": "Rebels clashed with government forces in Talbiseh on Sunday, killing 2 fighters, "
                 "residents said."},
    ]


def write_hostile_corpus(folder: Path) -> Path:
    """hostile_records() as one JSON Lines file in folder (beside serve_corpus.write_corpus's files)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in hostile_records()),
                    encoding="utf-8")
    return path
