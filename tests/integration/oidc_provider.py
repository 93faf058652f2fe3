"""A small OpenID Connect provider on loopback standing in for ThaID:
discovery, authorize (auto-approves the citizen id the test sets), token,
JWKS and userinfo; RS256 id tokens signed with PyJWT (python3-jwt) and a key
made with python3-cryptography. Runs in a thread of the test process."""
import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "thaid-test-1"


class Provider:
    def __init__(self, client_id, client_secret, redirect_uri):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.citizen_id = None            # who the next authorize signs in
        self.name = "สมชาย ใจดี"
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes = {}
        self.tokens = {}
        self.log = []                     # (endpoint, detail) of each request
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def metadata_url(self):
        return self.issuer + "/.well-known/openid-configuration"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def claims(self, pid):
        return {"pid": pid, "name": self.name, "given_name": self.name.split()[0],
                "family_name": self.name.split()[1]}

    def id_token(self, grant):
        now = int(time.time())
        payload = {"iss": self.issuer, "sub": "thaid-" + grant["pid"], "aud": self.client_id,
                   "iat": now, "exp": now + 300, "auth_time": now, **self.claims(grant["pid"])}
        if grant.get("nonce"):
            payload["nonce"] = grant["nonce"]
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": KID})

    def jwks(self):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": KID, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}

    def discovery(self):
        return {"issuer": self.issuer,
                "authorization_endpoint": self.issuer + "/authorize",
                "token_endpoint": self.issuer + "/token",
                "jwks_uri": self.issuer + "/jwks",
                "userinfo_endpoint": self.issuer + "/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "code_challenge_methods_supported": ["S256"],
                "scopes_supported": ["openid", "pid", "name", "given_name", "family_name"]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send_json(self, status, body, extra=None):
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                provider.log.append((url.path, q))
                if url.path == "/.well-known/openid-configuration":
                    return self.send_json(200, provider.discovery())
                if url.path == "/jwks":
                    return self.send_json(200, provider.jwks())
                if url.path == "/authorize":
                    return self.authorize(q)
                if url.path == "/userinfo":
                    auth = self.headers.get("Authorization", "")
                    grant = provider.tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
                    if not grant:
                        return self.send_json(401, {"error": "invalid_token"})
                    return self.send_json(200, {"sub": "thaid-" + grant["pid"], **provider.claims(grant["pid"])})
                self.send_json(404, {"error": "not_found"})

            def authorize(self, q):
                if (q.get("client_id") != provider.client_id or q.get("redirect_uri") != provider.redirect_uri
                        or q.get("response_type") != "code" or "openid" not in q.get("scope", "").split()
                        or not provider.citizen_id):
                    return self.send_json(400, {"error": "invalid_request", "got": q})
                code = secrets.token_urlsafe(24)
                provider.codes[code] = {"pid": provider.citizen_id, "nonce": q.get("nonce"),
                                        "challenge": q.get("code_challenge")}
                self.send_response(302)
                self.send_header("Location", q["redirect_uri"] + "?"
                                 + urlencode({"code": code, "state": q.get("state", "")}))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                url = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                provider.log.append((url.path, form))
                if url.path != "/token":
                    return self.send_json(404, {"error": "not_found"})
                client = (form.get("client_id"), form.get("client_secret"))
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
                    client = (user, password)
                if client != (provider.client_id, provider.client_secret):
                    return self.send_json(401, {"error": "invalid_client"})
                grant = provider.codes.pop(form.get("code"), None)
                if (not grant or form.get("grant_type") != "authorization_code"
                        or form.get("redirect_uri") != provider.redirect_uri):
                    return self.send_json(400, {"error": "invalid_grant"})
                if grant["challenge"]:
                    verifier = form.get("code_verifier", "").encode()
                    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                    if digest != grant["challenge"]:
                        return self.send_json(400, {"error": "invalid_grant", "reason": "pkce"})
                access = secrets.token_urlsafe(24)
                provider.tokens[access] = grant
                self.send_json(200, {"access_token": access, "token_type": "Bearer", "expires_in": 300,
                                     "id_token": provider.id_token(grant)})

        return Handler
