#!/usr/bin/env python3
"""fault_proxy.py - an HTTP reverse proxy in front of a registry that injects
faults on a schedule, for vigil's registry client tests.

Usage
  fault_proxy.py --upstream http://127.0.0.1:PORT [--port 0] [--port-file FILE]
                 [--log FILE] [--faults SPEC] [--layer-min BYTES]

SPEC is a comma-separated list of KIND:FAULT[:ARG] items, e.g.
  'blob:reset,blob:500,blob:429:1,blob:truncate,blob:flip,blob:slow:3,manifest:500'
The items of one kind form a queue: the Nth request of that kind gets the Nth
fault of that kind; once a queue is empty, requests of that kind pass
through untouched. An empty SPEC ('') means pure pass-through.

Kinds
  blob      GET /v2/<name>/blobs/<digest>          (not /blobs/uploads/...)
  layer     a blob GET whose upstream answer is 200/206 with a Content-Length
            of at least --layer-min bytes (default 65536): aims a fault at a
            layer instead of the (small) image config
  manifest  GET /v2/<name>/manifests/<ref>
  any       every request (any method, any path)
A request takes at most one fault, from the first non-empty queue among the
kinds it matches, in the order layer, blob, manifest, any.

Faults
  pass             no fault (a placeholder: 'blob:pass,blob:reset' hits the 2nd blob)
  reset            send the upstream status line, headers and half of the body, then
                   reset the connection (TCP RST)
  reset0           reset the connection before sending anything
  truncate         send the real headers (real Content-Length) and half the body,
                   then close the connection normally (FIN)
  flip             send the whole body with the byte in the middle (offset len/2)
                   XORed with 0xff; length and headers unchanged
  slow:S           send the status line and headers, stall S seconds, then send the
                   body normally (the upstream request was made before the stall)
  hang             never answer; the socket stays open until the proxy exits
  NNN[:S]          answer status NNN (e.g. 500, 503, 404) with a registry-style JSON
                   error body {"errors":[{"code":..,"message":..}]}; with :S add
                   'Retry-After: S'
  429:S            the same for 429 Too Many Requests with Retry-After: S (S default 1)
For every fault the request is still forwarded to the upstream first (its
answer is discarded when the fault replaces it).

Pass-through forwards the method, path, query and all headers (Authorization,
Range, Host, Accept, ...) except the hop-by-hop ones, and returns the
upstream's status, reason and headers (WWW-Authenticate, Location of
redirects, Content-Range, Docker-Content-Digest, ...) unchanged; redirects
are not followed. Bodies are streamed in 64 KiB chunks in both directions,
never buffered whole. HEAD is supported. Keep-alive with the client is kept
unless a fault closed the connection.

Log (--log): one line per request, written when the answer starts:
  METHOD PATH range=<Range header or -> fault=<fault or -> status=<status sent or -> t=<unix time>
(status '-' for reset0 and hang). Listens on 127.0.0.1 only; the chosen port
is printed on stdout and written to --port-file (atomically).
"""

import argparse
import json
import os
import re
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import http.client
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
UP = None  # (scheme, host, port)
LOCK = threading.Lock()
QUEUES = {}  # kind -> deque of (name, arg)
STOP = threading.Event()
CHUNK = 65536

HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
       "te", "trailer", "trailers", "transfer-encoding", "upgrade", "expect"}

BLOB_RE = re.compile(r"^/v2/.+/blobs/[^/]+$")
MANIFEST_RE = re.compile(r"^/v2/.+/manifests/[^/]+$")
KINDS = ("layer", "blob", "manifest", "any")


def parse_faults(spec):
    q = {k: deque() for k in KINDS}
    for item in (spec or "").split(","):
        item = item.strip()
        if not item:
            continue
        parts = item.split(":")
        if len(parts) < 2 or parts[0] not in q:
            raise SystemExit("fault_proxy: bad fault %r (want KIND:FAULT[:ARG], KIND in %s)" % (item, "/".join(KINDS)))
        kind, name, arg = parts[0], parts[1], (parts[2] if len(parts) > 2 else None)
        if len(parts) > 3:
            raise SystemExit("fault_proxy: bad fault %r" % item)
        if name in ("pass", "reset", "reset0", "truncate", "flip", "hang"):
            if arg is not None:
                raise SystemExit("fault_proxy: %s takes no argument" % name)
        elif name == "slow":
            if arg is None:
                raise SystemExit("fault_proxy: slow needs seconds (slow:3)")
            float(arg)
        elif re.fullmatch(r"[1-5][0-9][0-9]", name):
            if name == "429" and arg is None:
                arg = "1"
            if arg is not None:
                int(arg)
        else:
            raise SystemExit("fault_proxy: unknown fault %r" % name)
        q[kind].append((name, arg))
    return q


def fault_str(f):
    if f is None:
        return "-"
    return f[0] if f[1] is None else "%s:%s" % f


def log(method, path, rng, fault, status):
    if not ARGS.log:
        return
    line = "%s %s range=%s fault=%s status=%s t=%.3f\n" % (
        method, path, (rng or "-").replace(" ", ""), fault_str(fault), status, time.time())
    with LOCK:
        with open(ARGS.log, "a") as f:
            f.write(line)


def take_fault(kinds):
    with LOCK:
        for k in KINDS:
            if k in kinds and QUEUES[k]:
                return QUEUES[k].popleft()
    return None


def layer_pending():
    with LOCK:
        return bool(QUEUES["layer"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    # ---- helpers -------------------------------------------------------
    def rst(self):
        """Abort the connection with a TCP RST (SO_LINGER 0, then close)."""
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close_connection = True
        try:
            self.connection.close()  # the fd closes when rfile/wfile close (finish())
        except OSError:
            pass

    def send_raw(self, data):
        self.wfile.write(data)

    def body_chunks_from_client(self):
        """Yield the request body in chunks (Content-Length or chunked)."""
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while True:  # trailers
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    return
                left = size
                while left > 0:
                    b = self.rfile.read(min(CHUNK, left))
                    if not b:
                        raise ConnectionError("client body ended early")
                    left -= len(b)
                    yield b
                self.rfile.readline(3)
        else:
            n = int(self.headers.get("Content-Length") or 0)
            while n > 0:
                b = self.rfile.read(min(CHUNK, n))
                if not b:
                    raise ConnectionError("client body ended early")
                n -= len(b)
                yield b

    def error_json(self, status, retry_after, fault, message=None):
        codes = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "DENIED", 404: "NOT_FOUND",
                 429: "TOOMANYREQUESTS", 500: "UNKNOWN", 502: "UNAVAILABLE", 503: "UNAVAILABLE",
                 504: "UNAVAILABLE"}
        body = json.dumps({"errors": [{"code": codes.get(status, "UNKNOWN"),
                                       "message": message or "fault_proxy: injected %s" % fault_str(fault),
                                       "detail": None}]}).encode()
        self.send_response_only(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Docker-Distribution-Api-Version", "registry/2.0")
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self.end_headers()
        if self.command != "HEAD":
            self.send_raw(body)

    # ---- main ----------------------------------------------------------
    def handle_any(self):
        method = self.command
        path = self.path
        rng = self.headers.get("Range")
        plain = urllib.parse.urlsplit(path).path
        kinds = {"any"}
        if method == "GET":
            if BLOB_RE.match(plain) and "/blobs/uploads/" not in plain + "/":
                kinds.add("blob")
            elif MANIFEST_RE.match(plain):
                kinds.add("manifest")

        # forward the request upstream
        conn = None
        try:
            if UP[0] == "https":
                ctx = ssl.create_default_context(cafile=ARGS.upstream_ca) if ARGS.upstream_ca else \
                    ssl._create_unverified_context()
                conn = http.client.HTTPSConnection(UP[1], UP[2], timeout=ARGS.upstream_timeout, context=ctx)
            else:
                conn = http.client.HTTPConnection(UP[1], UP[2], timeout=ARGS.upstream_timeout)
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            drop = set(HOP)
            for tok in (self.headers.get("Connection") or "").split(","):
                if tok.strip():
                    drop.add(tok.strip().lower())
            for k, v in self.headers.items():
                if k.lower() not in drop:
                    conn.putheader(k, v)
            chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
            if chunked:
                conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            for b in self.body_chunks_from_client():
                if chunked:
                    conn.send(b"%x\r\n" % len(b) + b + b"\r\n")
                else:
                    conn.send(b)
            if chunked:
                conn.send(b"0\r\n\r\n")
            resp = conn.getresponse()
        except (OSError, http.client.HTTPException, ValueError) as e:
            if conn:
                conn.close()
            f = take_fault(kinds)
            log(method, path, rng, f, 502)
            self.close_connection = True
            try:
                self.error_json(502, None, f, "fault_proxy: upstream %s:%s: %s" % (UP[1], UP[2], e))
            except OSError:
                pass
            return

        try:
            self.answer(method, path, rng, kinds, conn, resp)
        finally:
            conn.close()

    def answer(self, method, path, rng, kinds, conn, resp):
        headers = resp.getheaders()
        clen = resp.getheader("Content-Length")
        length = int(clen) if clen is not None and clen.strip().isdigit() else None
        up_chunked = "chunked" in (resp.getheader("Transfer-Encoding") or "").lower()
        no_body = method == "HEAD" or resp.status in (204, 304) or 100 <= resp.status < 200

        if "blob" in kinds and resp.status in (200, 206) and length is not None and length >= ARGS.layer_min:
            kinds = kinds | {"layer"}
        fault = take_fault(kinds)
        name = fault[0] if fault else "pass"
        arg = fault[1] if fault else None

        if name in ("reset0", "hang") or re.fullmatch(r"[1-5][0-9][0-9]", name):
            conn.close()  # the upstream answer is not used
        if name == "reset0":
            log(method, path, rng, fault, "-")
            self.rst()
            return
        if name == "hang":
            log(method, path, rng, fault, "-")
            self.close_connection = True
            STOP.wait()
            return
        if re.fullmatch(r"[1-5][0-9][0-9]", name):
            st = int(name)
            log(method, path, rng, fault, st)
            self.error_json(st, arg, fault)
            return

        # real upstream answer, possibly damaged
        log(method, path, rng, fault, resp.status)
        self.send_response_only(resp.status, resp.reason)
        drop = {"connection", "keep-alive", "transfer-encoding", "proxy-connection"}
        for k, v in headers:
            if k.lower() not in drop:
                self.send_header(k, v)
        close_delimited = not no_body and length is None and not up_chunked
        if up_chunked and not no_body:
            self.send_header("Transfer-Encoding", "chunked")
        if close_delimited or name in ("reset", "truncate"):
            self.close_connection = True
        if close_delimited:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()

        if no_body:
            if name == "reset":
                self.rst()
            elif name == "slow":
                time.sleep(float(arg))
            return

        if name == "slow":
            time.sleep(float(arg))

        if name in ("reset", "truncate", "flip") and length is None:
            data = resp.read()  # unknown length (rare for a registry): small JSON bodies
            body_iter = iter([data])
            total = len(data)
        else:
            total = length
            body_iter = None

        cut = None
        if name in ("reset", "truncate"):
            cut = total // 2
        flip_at = total // 2 if name == "flip" and total else None

        sent = 0
        try:
            while True:
                if body_iter is not None:
                    b = next(body_iter, b"")
                else:
                    want = CHUNK if length is None else min(CHUNK, length - sent)
                    if want <= 0:
                        break
                    b = resp.read(want)
                if not b:
                    break
                if cut is not None and sent + len(b) > cut:
                    b = b[:cut - sent]
                if flip_at is not None and sent <= flip_at < sent + len(b):
                    i = flip_at - sent
                    b = b[:i] + bytes([b[i] ^ 0xFF]) + b[i + 1:]
                if b:
                    if up_chunked:
                        self.send_raw(b"%x\r\n" % len(b) + b + b"\r\n")
                    else:
                        self.send_raw(b)
                sent += len(b)
                if cut is not None and sent >= cut:
                    break
            if cut is None and up_chunked:
                self.send_raw(b"0\r\n\r\n")
        except (OSError, http.client.HTTPException):
            self.close_connection = True
            return
        if name == "reset":
            self.rst()
        elif name == "truncate":
            self.close_connection = True  # normal close: FIN
        elif length is not None and sent < length:
            self.close_connection = True  # upstream ended early

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # client went away etc.: not interesting


def main():
    global ARGS, UP, QUEUES
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--upstream", required=True, help="http://127.0.0.1:PORT (or https://...)")
    ap.add_argument("--upstream-ca", help="CA file for an https upstream (default: not verified)")
    ap.add_argument("--upstream-timeout", type=float, default=120)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--faults", default="")
    ap.add_argument("--layer-min", type=int, default=65536)
    ap.add_argument("--log")
    ARGS = ap.parse_args()
    u = urllib.parse.urlsplit(ARGS.upstream)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise SystemExit("fault_proxy: --upstream must be http://HOST:PORT or https://HOST:PORT")
    UP = (u.scheme, u.hostname, u.port or (443 if u.scheme == "https" else 80))
    QUEUES = parse_faults(ARGS.faults)
    srv = Server(("127.0.0.1", ARGS.port), Handler)
    port = srv.server_address[1]
    if ARGS.port_file:
        tmp = ARGS.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, ARGS.port_file)
    print(port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        STOP.set()


if __name__ == "__main__":
    main()
