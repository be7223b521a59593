"""Behaviour test of deploy/nginx/nginx.conf with a local nginx binary, on loopback only.

Two stand-in upstreams (threads in this process) replace server-1 and server-2; nginx runs in the
foreground as a child process and is stopped at the end. Checks: the affinity cookie, stickiness, spread of
new clients, forwarded headers, /metrics blocked, and a WebSocket upgrade carrying bytes both ways.

The compose file's nginx (>= 1.27.3) re-resolves upstream names (`resolve`); older local builds do not know
that parameter, so the copy tested here drops it along with the container-only paths.

Usage: python3 nginx_test.py deploy/nginx/nginx.conf
"""
import collections
import http.client
import json
import re
import shutil
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def upstream(name):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                headers = {}
                while True:
                    h = self.rfile.readline().decode()
                    if h in ("\r\n", "\n", ""):
                        break
                    k, v = h.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
                if headers.get("upgrade", "").lower() == "websocket":
                    self.wfile.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                     b"Connection: Upgrade\r\nX-Backend: " + name.encode() + b"\r\n\r\n")
                    self.wfile.flush()
                    while data := self.request.recv(1024):
                        self.request.sendall(b"echo:" + data)
                    return
                body = json.dumps({"backend": name, "request": line.decode().strip(), "headers": headers}).encode()
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\n\r\n" + body)
                self.wfile.flush()

    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True

    server = Server(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(conf_path):
    results = []

    def check(name, cond, detail=""):
        results.append(bool(cond))
        print(("PASS " if cond else "FAIL ") + name + (f"  ({detail})" if detail and not cond else ""))

    up1, up2 = upstream("server-1"), upstream("server-2")
    lb_port = free_port()
    work = Path(tempfile.mkdtemp(prefix="livewire-nginx-"))
    conf = Path(conf_path).read_text()
    conf = conf.replace("server server-1:8080 resolve", f"server 127.0.0.1:{up1.server_address[1]}")
    conf = conf.replace("server server-2:8080 resolve", f"server 127.0.0.1:{up2.server_address[1]}")
    conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{lb_port};")
    conf = conf.replace("/var/log/nginx/", f"{work}/")
    conf = f"pid {work}/nginx.pid;\n" + conf
    if re.search(r"^\s*server\s+server-\d", conf, re.M) or re.search(r"^\s*listen\s+8080;", conf, re.M):
        print("FAIL nginx.conf no longer has the upstream/listen lines this test rewrites")
        return 1
    (work / "nginx.conf").write_text(conf)

    test = subprocess.run(["nginx", "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    check("nginx -t accepts the configuration", test.returncode == 0, test.stderr.strip())
    if test.returncode != 0:
        return 1
    nginx = subprocess.Popen(["nginx", "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"])
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", lb_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)

        def get(path, cookie=None):
            c = http.client.HTTPConnection("127.0.0.1", lb_port, timeout=5)
            c.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            r = c.getresponse()
            body = r.read()
            c.close()
            return r.status, r.getheader("Set-Cookie"), body

        status, set_cookie, body = get("/hubs/live/negotiate?negotiateVersion=1")
        first = json.loads(body)
        check("a client without the cookie is given one", set_cookie and set_cookie.startswith("lw_node="), set_cookie)
        check("Host keeps the client's host:port", first["headers"]["host"] == f"127.0.0.1:{lb_port}", first["headers"]["host"])
        check("X-Forwarded-For and X-Forwarded-Proto are sent",
              first["headers"].get("x-forwarded-for") == "127.0.0.1" and first["headers"].get("x-forwarded-proto") == "http")
        cookie = set_cookie.split(";")[0]

        seen, reissued = set(), 0
        for i in range(30):
            _, again, body = get(f"/hubs/live?id=t&i={i}", cookie)
            seen.add(json.loads(body)["backend"])
            reissued += again is not None
        check("30 requests with the cookie reach the node that negotiated", seen == {first["backend"]}, seen)
        check("the cookie is not re-issued to a client that has it", reissued == 0, reissued)

        spread = collections.Counter(json.loads(get("/")[2])["backend"] for _ in range(200))
        check("new clients spread over both nodes", len(spread) == 2 and min(spread.values()) >= 40, dict(spread))

        status, _, body = get("/metrics")
        check("/metrics is not served through the load balancer", status == 404 and b"backend" not in body, status)

        s = socket.create_connection(("127.0.0.1", lb_port), timeout=5)
        s.sendall((f"GET /hubs/live?id=t HTTP/1.1\r\nHost: 127.0.0.1:{lb_port}\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   f"Sec-WebSocket-Version: 13\r\nCookie: {cookie}\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += s.recv(1024)
        head, rest = response.split(b"\r\n\r\n", 1)
        check("WebSocket upgrade through /hubs/ is answered 101", head.startswith(b"HTTP/1.1 101"), head[:40])
        node = re.search(rb"X-Backend: (\S+)", head)
        check("the upgrade reaches the cookie's node", node and node.group(1).decode() == first["backend"])
        s.sendall(b"frame")
        while b"echo:frame" not in rest:
            rest += s.recv(1024)
        check("bytes flow both ways after the upgrade", True)
        s.close()
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        up1.shutdown()
        up2.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
