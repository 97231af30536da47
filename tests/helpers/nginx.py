"""deploy/nginx.conf run for real, on this machine's ports: used by tests/e2e/test_deploy_nginx.py,
tests/e2e/test_deploy_load.py and bench/deploy_two.py.

`render` changes only what a test must (ports, app servers, certificate) and, for load tests,
can add lines to the server block (e.g. the realip lines that let one machine play many clients).
"""

from __future__ import annotations

import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.helpers.browser import ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = ROOT / "deploy" / "nginx.conf"


def nginx_missing() -> str | None:
    """Why nginx cannot run here, or None."""
    return None if Path(NGINX).exists() else "nginx is not installed (apt-get install nginx)"


def render(
    conf: str, *, https: int, http: int, upstreams: list[int], cert: Path, key: Path, extra: str = ""
) -> str:
    """deploy/nginx.conf with these ports, servers and certificate; `extra` goes into the HTTPS
    server block (nothing else changes)."""
    conf = re.sub(r"^\s*listen \[::\]:.*\n", "", conf, flags=re.M)
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{http};")
    conf = re.sub(r"^\s*server 10\.0\.0\.\d+:8501 (.*)\n", "", conf, flags=re.M)
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in upstreams)
    conf = conf.replace("    keepalive 16;", servers + "    keepalive 16;")
    conf = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", conf)
    conf = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", conf)
    if extra:
        conf = conf.replace("    client_max_body_size", extra.rstrip() + "\n\n    client_max_body_size", 1)
    return conf


def start_nginx(tmp: Path, site: str) -> subprocess.Popen[bytes]:
    """nginx in the foreground with `site` as its only site; the access log (tmp/access.log) has one
    line per request: client address, status, URI, upstream address(es) ("a, b" when retried)."""
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / d).mkdir(exist_ok=True)
    main = tmp / "nginx.conf"
    main.write_text(
        f"""
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$remote_addr $status $request_uri $upstream_addr';
    access_log {tmp}/access.log upstream;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
{site}
}}
""",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(main)], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed: {check.stderr}")
    return subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(main), "-g", "daemon off;"])


def self_signed_cert(tmp: Path) -> tuple[Path, Path]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def two_free_ports() -> tuple[int, int]:
    """Two distinct free ports (free_port alone would hand out the same one twice: nothing is
    listening on the first until nginx starts)."""
    with socket.socket() as a:
        a.bind(("127.0.0.1", free_port()))
        with socket.socket() as b:
            b.bind(("127.0.0.1", free_port()))
            return a.getsockname()[1], b.getsockname()[1]


def insecure_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    return ctx


def wait_https(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, context=insecure_context(), timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nginx did not answer {url}")
