#!/usr/bin/env python3
"""token_issuer.py - a small Docker registry token server for vigil's tests.

Implements the token endpoint of the Docker Registry v2 token authentication
("Bearer") scheme, as understood by CNCF distribution 2.8 (Debian's
docker-registry) configured with

    auth:
      token:
        realm: http://127.0.0.1:<port>/token
        service: <service>
        issuer: <issuer>
        rootcertbundle: <cert.pem>

Requests
  GET /token?service=S&scope=repository:NAME:pull[,push]   (scope may repeat or be absent)
  POST /token   (OAuth2 form: grant_type=password&username=..&password=..&service=..&scope=..;
                 grant_type=refresh_token is refused with 400 "unsupported_grant_type")

Credentials are HTTP Basic (GET) and are checked against the single
--user/--password pair.
  * right credentials   -> 200, a token granting every requested action
                           (pull, push, delete, *) on every requested scope;
  * wrong credentials   -> 401 {"errors":[{"code":"UNAUTHORIZED",...}]} (+ WWW-Authenticate: Basic);
  * no credentials      -> with --anonymous empty (the default, what Docker Hub
                           and other real token servers do for private repos):
                           200 with an anonymous token ("sub": "") whose
                           "access" is EMPTY, so the registry still answers 401
                           (insufficient_scope) for any repository;
                           with --anonymous deny: 401 like wrong credentials.
  A token that grants a pull therefore always requires the right credentials.

Answer: {"token": JWT, "access_token": JWT, "expires_in": N, "issued_at": RFC 3339}.

JWT: RS256, signed with `openssl dgst -sha256 -sign KEY` (PKCS#1 v1.5).
Header {"typ":"JWT","alg":"RS256","x5c":[base64 DER of --cert]} by default
(distribution verifies the chain against rootcertbundle), or with
--header kid: {"typ":"JWT","alg":"RS256","kid":"<libtrust key id of the
cert's public key>"} (distribution looks the kid up among the public keys
of the rootcertbundle certificates). Both were tested against
docker-registry 2.8.2.
Claims: iss, sub, aud (= service), exp, nbf, iat, jti, access
[{type, name, actions}].

Token lifetime: --expires-in N (default 300). distribution 2.8 accepts a
token up to 60 s after its "exp" (token.Leeway), so "exp" is written as
iat + N - --registry-leeway (default 60): the registry then really rejects
the token N seconds after it was issued, which makes short lifetimes
(--expires-in 2) usable to test token refresh. "nbf" is iat - 1.
The JSON "expires_in" is N (clients such as Docker clamp values under 60 s
to 60 s, so they will meet a 401 and have to fetch a new token).

Other options: --port (0 = any free port), --port-file FILE (the chosen port
is written there atomically, and always printed on stdout), --log FILE (one
line per request: time, method, path with query, auth=none|basic|bearer|other,
user=<name or ->, status, granted actions; never a secret).
Listens on 127.0.0.1 only. Python 3 standard library + the openssl binary.
"""

import argparse
import base64
import binascii
import datetime
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOG_LOCK = threading.Lock()
CERT_DER = b""
KEY_ID = ""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def libtrust_key_id(spki_der: bytes) -> str:
    """libtrust KeyID: SHA-256 of the DER SubjectPublicKeyInfo, first 240
    bits, base32 without padding, in 12 groups of 4 joined by ':'."""
    h = hashlib.sha256(spki_der).digest()[:30]
    s = base64.b32encode(h).decode("ascii").rstrip("=")
    return ":".join(s[i:i + 4] for i in range(0, len(s), 4))


def load_cert(path):
    global CERT_DER, KEY_ID
    der = subprocess.run(["openssl", "x509", "-in", path, "-outform", "DER"],
                         check=True, capture_output=True).stdout
    pub_pem = subprocess.run(["openssl", "x509", "-in", path, "-pubkey", "-noout"],
                             check=True, capture_output=True).stdout
    spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=pub_pem,
                          check=True, capture_output=True).stdout
    CERT_DER = der
    KEY_ID = libtrust_key_id(spki)


def sign(data: bytes) -> bytes:
    r = subprocess.run(["openssl", "dgst", "-sha256", "-sign", ARGS.key], input=data,
                       capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("openssl dgst failed: " + r.stderr.decode(errors="replace"))
    return r.stdout


def make_jwt(sub, service, access):
    now = int(time.time())
    header = {"typ": "JWT", "alg": "RS256"}
    if ARGS.header == "kid":
        header["kid"] = KEY_ID
    else:
        header["x5c"] = [base64.b64encode(CERT_DER).decode("ascii")]
    claims = {
        "iss": ARGS.issuer,
        "sub": sub,
        "aud": service,
        "exp": now + ARGS.expires_in - ARGS.registry_leeway,
        "nbf": now - 1,
        "iat": now,
        "jti": uuid.uuid4().hex,
        "access": access,
    }
    signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64url(json.dumps(claims, separators=(",", ":")).encode()))
    sig = sign(signing_input.encode("ascii"))
    return signing_input + "." + b64url(sig), now


def parse_scope(s):
    """'repository:NAME:pull,push' -> ('repository', 'NAME', ['pull','push']).
    The name may itself hold ':' (e.g. a host:port prefix), so split on the
    first and the last ':'."""
    first = s.find(":")
    last = s.rfind(":")
    if first < 0 or last <= first:
        return None
    typ, name, actions = s[:first], s[first + 1:last], s[last + 1:]
    acts = [a for a in actions.split(",") if a]
    if not typ or not name:
        return None
    return typ, name, acts


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vigil-test-token-issuer/1"

    def log_message(self, fmt, *args):  # silence the default stderr log
        pass

    def log_line(self, auth, user, status, granted):
        if not ARGS.log:
            return
        line = "%.3f %s %s auth=%s user=%s status=%d granted=%s\n" % (
            time.time(), self.command, self.path, auth, user or "-", status, granted or "-")
        with LOG_LOCK:
            with open(ARGS.log, "a") as f:
                f.write(line)

    def send_json(self, status, obj, extra_headers=()):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra_headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def basic_creds(self):
        """-> (kind, user, password); kind in none|basic|bearer|other|malformed."""
        h = self.headers.get("Authorization")
        if not h:
            return "none", None, None
        scheme, _, rest = h.partition(" ")
        if scheme.lower() == "basic":
            try:
                dec = base64.b64decode(rest.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return "malformed", None, None
            user, sep, pw = dec.partition(":")
            if not sep:
                return "malformed", None, None
            return "basic", user, pw
        if scheme.lower() == "bearer":
            return "bearer", None, None
        return "other", None, None

    def issue(self, kind, user, pw, service, scopes):
        if kind in ("basic", "form"):
            if user != ARGS.user or pw != ARGS.password:
                self.send_json(401, {"errors": [{"code": "UNAUTHORIZED",
                                                 "message": "authentication failed: wrong user name or password",
                                                 "detail": None}]},
                               [("WWW-Authenticate", 'Basic realm="vigil-test-token-issuer"')])
                self.log_line(kind, user, 401, None)
                return
            authed = True
        elif kind == "none" and ARGS.anonymous == "empty":
            authed = False
        else:
            self.send_json(401, {"errors": [{"code": "UNAUTHORIZED",
                                             "message": "authentication required", "detail": None}]},
                           [("WWW-Authenticate", 'Basic realm="vigil-test-token-issuer"')])
            self.log_line(kind, user, 401, None)
            return
        if not service:
            service = ARGS.service
        if ARGS.service and service != ARGS.service:
            self.send_json(400, {"errors": [{"code": "UNSUPPORTED", "message": "unknown service %r" % service}]})
            self.log_line(kind, user, 400, None)
            return
        access = []
        if authed:
            for s in scopes:
                p = parse_scope(s)
                if p is None:
                    self.send_json(400, {"errors": [{"code": "UNSUPPORTED", "message": "malformed scope %r" % s}]})
                    self.log_line(kind, user, 400, None)
                    return
                typ, name, acts = p
                granted = [a for a in acts if a in ("pull", "push", "delete", "*")]
                access.append({"type": typ, "name": name, "actions": granted})
        token, now = make_jwt(user if authed else "", service, access)
        issued = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.send_json(200, {"token": token, "access_token": token,
                             "expires_in": ARGS.expires_in, "issued_at": issued})
        self.log_line(kind, user, 200,
                      ";".join("%s:%s:%s" % (a["type"], a["name"], ",".join(a["actions"])) for a in access))

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path != "/token":
            self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})
            self.log_line("-", None, 404, None)
            return
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        scopes = []
        for s in q.get("scope", []):
            scopes.extend(x for x in s.split(" ") if x)  # RFC 6749: space-separated list
        kind, user, pw = self.basic_creds()
        self.issue(kind, user, pw, (q.get("service") or [""])[0], scopes)

    do_HEAD = do_GET

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", errors="replace") if n > 0 else ""
        if u.path != "/token":
            self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})
            self.log_line("-", None, 404, None)
            return
        f = urllib.parse.parse_qs(body, keep_blank_values=True)
        grant = (f.get("grant_type") or [""])[0]
        scopes = []
        for s in f.get("scope", []):
            scopes.extend(x for x in s.split(" ") if x)
        if grant != "password":
            self.send_json(400, {"error": "unsupported_grant_type"})
            self.log_line("form", None, 400, None)
            return
        self.issue("form", (f.get("username") or [""])[0], (f.get("password") or [""])[0],
                   (f.get("service") or [""])[0], scopes)


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--key", required=True, help="RSA private key (PEM)")
    ap.add_argument("--cert", required=True, help="certificate of the key (PEM), = rootcertbundle")
    ap.add_argument("--issuer", default="vigil-test-issuer")
    ap.add_argument("--service", default="", help="accept only this service (default: any)")
    ap.add_argument("--expires-in", type=int, default=300)
    ap.add_argument("--registry-leeway", type=int, default=60,
                    help="subtracted from exp to cancel distribution's verification leeway")
    ap.add_argument("--header", choices=("x5c", "kid"), default="x5c")
    ap.add_argument("--anonymous", choices=("empty", "deny"), default="empty")
    ap.add_argument("--log")
    ARGS = ap.parse_args()
    load_cert(ARGS.cert)
    srv = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    srv.daemon_threads = True
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


if __name__ == "__main__":
    main()
