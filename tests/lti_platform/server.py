"""The platform's HTTP side: OIDC authorization, its JWKS, the OAuth 2 token endpoint, AGS line
items and scores, NRPS memberships, the deep-linking return and Dynamic Registration."""

import json
import secrets
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from jwcrypto import jwk, jwt

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"

ROLE = "http://purl.imsglobal.org/vocab/lis/v2/"
LAUNCH_PRESETS = {
    "instructor": [ROLE + "membership#Instructor", ROLE + "institution/person#Faculty"],
    "ta": [ROLE + "membership/Instructor#TeachingAssistant"],
    "learner": [ROLE + "membership#Learner", ROLE + "institution/person#Student"],
    "lms_admin": [ROLE + "membership#Administrator", ROLE + "system/person#Administrator"],
}
STORAGE_FRAME = "post_message_forwarding"
# The platform's storage frame (LTI Client Side postMessage Storage): values kept per origin.
STORAGE_FRAME_PAGE = """<!doctype html><title>Storage</title><script>
var store = {};
window.addEventListener("message", function (event) {
  var message = event.data || {};
  var key = event.origin + " " + message.key;
  if (message.subject === "lti.put_data") store[key] = message.value;
  else if (message.subject !== "lti.get_data") return;
  event.source.postMessage({
    subject: message.subject + ".response", message_id: message.message_id,
    key: message.key, value: store[key]
  }, event.origin);
});
</script>"""
NRPS_PAGE_SIZE = 2  # small, so every sync has to follow the Link header's next page


@dataclass
class Person:
    """Someone in the platform's course: their LTI user id (`sub`), name, e-mail and roles."""

    sub: str
    name: str
    email: str
    roles: list[str]
    status: str = "Active"

    @property
    def claims(self) -> dict:
        given, _, family = self.name.partition(" ")
        return {
            "sub": self.sub,
            "name": self.name,
            "given_name": given,
            "family_name": family,
            "email": self.email,
            LTI + "roles": self.roles,
        }


@dataclass
class Received:
    """What Colloquy sent the platform, for the tests to read back."""

    scores: list[dict] = field(default_factory=list)
    deep_link_responses: list[dict] = field(default_factory=list)
    registrations: list[dict] = field(default_factory=list)
    token_requests: list[dict] = field(default_factory=list)
    membership_requests: int = 0


class LearningPlatform:
    """One LMS with one course. Use as a context manager: it serves on a free loopback port."""

    def __init__(self, *, name: str = "Test LMS"):
        self.name = name
        self.key = jwk.JWK.generate(kty="RSA", size=2048, kid=f"platform-{uuid.uuid4().hex[:8]}")
        self.client_id = f"colloquy-{secrets.token_hex(4)}"
        self.deployment_id = "deployment-1"
        self.context = {
            "id": "course-101",
            "label": "ENG11",
            "title": "English 11 — Period 3",
            "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
        }
        self.members: list[Person] = []
        self.lineitems: dict[str, dict] = {}
        self.received = Received()
        self.registration_token = secrets.token_urlsafe(16)
        # Statuses the scores endpoint answers with before it accepts again (an LMS outage).
        self.score_outage: list[int] = []
        # The roster (NRPS) endpoint's answers, request by request, before it serves every page
        # again: a status for an outage, None for a page as usual (an outage half-way through).
        self.roster_outage: list[int | None] = []
        # What a test changes in the OpenID configuration (another issuer, placements, …).
        self.configuration_changes: dict = {}
        # Where the tool lives: set by `connect_tool` or by Dynamic Registration.
        self.tool_login_url = ""
        self.tool_redirect_uris: list[str] = []
        self.tool_jwks_url = ""
        self.deep_link_return_url = ""
        self._launches: dict[str, dict] = {}
        self._tokens: dict[str, dict] = {}
        self._used_assertion_ids: set[str] = set()
        self._server: ThreadingHTTPServer | None = None

    # Running -----------------------------------------------------------------------------

    def __enter__(self) -> "LearningPlatform":
        platform = self

        class Handler(PlatformHandler):
            lms = platform

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def issuer(self) -> str:
        return self.url

    def endpoint(self, path: str) -> str:
        return self.url + path

    @property
    def lineitems_url(self) -> str:
        return self.endpoint(f"/contexts/{self.context['id']}/lineitems")

    @property
    def memberships_url(self) -> str:
        return self.endpoint(f"/contexts/{self.context['id']}/memberships")

    @property
    def registration_fields(self) -> dict:
        """What a site admin would type into Colloquy's admin for this platform."""
        return {
            "name": self.name,
            "issuer": self.issuer,
            "client_id": self.client_id,
            "authorization_url": self.endpoint("/auth"),
            "token_url": self.endpoint("/token"),
            "jwks_url": self.endpoint("/jwks"),
        }

    def connect_tool(self, *, login_url: str, launch_url: str, jwks_url: str) -> None:
        """Configure the tool by hand, as an LMS admin pasting URLs would."""
        self.tool_login_url = login_url
        self.tool_redirect_uris = [launch_url]
        self.tool_jwks_url = jwks_url

    def add_member(self, sub: str, name: str, email: str, preset: str = "learner") -> Person:
        person = Person(sub=sub, name=name, email=email, roles=list(LAUNCH_PRESETS[preset]))
        self.members.append(person)
        return person

    def registration_start_url(self, tool_registration_url: str) -> str:
        """The address an LMS opens to start Dynamic Registration with the tool."""
        query = urlencode(
            {
                "openid_configuration": self.endpoint("/.well-known/openid-configuration"),
                "registration_token": self.registration_token,
            }
        )
        return f"{tool_registration_url}?{query}"

    def registration_page_url(self, tool_registration_url: str) -> str:
        """The LMS admin's page that runs Dynamic Registration in a frame, as Canvas does."""
        return self.endpoint("/tool_registration?" + urlencode({"tool": tool_registration_url}))

    def registration_page(self, tool_registration_url: str) -> str:
        frame = escape(self.registration_start_url(tool_registration_url))
        return (
            "<!doctype html><title>Register a tool</title><h1>Register a tool</h1>"
            '<p id="status">Registering…</p>'
            f'<iframe id="tool" src="{frame}" width="800" height="500"></iframe>'
            "<script>window.addEventListener('message', (event) => {"
            "  if (event.data && event.data.subject === 'org.imsglobal.lti.close') {"
            "    document.getElementById('status').textContent = 'The tool closed the frame.';"
            "    document.getElementById('tool').remove();"
            "  }"
            "});</script>"
        )

    # Launches -----------------------------------------------------------------------------

    def message_claims(
        self,
        person: Person,
        *,
        message_type: str = "LtiResourceLinkRequest",
        resource_link_id: str = "link-1",
        target_link_uri: str = "",
        custom: dict | None = None,
        lineitem_url: str = "",
    ) -> dict:
        """The claims of one LTI message (everything but iss, aud, iat, exp and nonce)."""
        claims = person.claims | {
            LTI + "message_type": message_type,
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": target_link_uri,
            LTI + "context": self.context,
            LTI + "tool_platform": {
                "guid": "test-lms",
                "name": self.name,
                "product_family_code": "test-lms",
            },
            LTI + "launch_presentation": {"document_target": "iframe", "locale": "en"},
            AGS_CLAIM: {"scope": AGS_SCOPES, "lineitems": self.lineitems_url}
            | ({"lineitem": lineitem_url} if lineitem_url else {}),
            NRPS_CLAIM: {
                "context_memberships_url": self.memberships_url,
                "service_versions": ["2.0"],
            },
        }
        if message_type == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = {"id": resource_link_id, "title": "Week 3 reading"}
        if message_type == "LtiDeepLinkingRequest":
            claims[DEEP_LINKING + "deep_linking_settings"] = {
                "deep_link_return_url": self.endpoint("/deep_link_return"),
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": False,
                "accept_lineitem": True,
                "auto_create": True,
                "data": "module-7",
            }
        if custom:
            claims[LTI + "custom"] = custom
        return claims

    def queue_launch(
        self,
        person: Person,
        *,
        target_link_uri: str,
        claims: dict | None = None,
        drop: tuple[str, ...] = (),
        sign_with: jwk.JWK | None = None,
        kid: str | None = None,
        **message,
    ) -> dict:
        """Prepare a launch and return the third-party login initiation parameters the LMS
        would send to the tool's login URL. `claims` adds or overrides claims of the id_token
        (including iss, aud, exp, iat, nonce); `drop` removes claims by name; `sign_with` and
        `kid` sign it with another key or name another key id."""
        hint = secrets.token_urlsafe(8)
        body = self.message_claims(person, target_link_uri=target_link_uri, **message)
        self._launches[hint] = {
            "claims": body | (claims or {}),
            "drop": drop,
            "sub": person.sub,
            "key": sign_with,
            "kid": kid,
        }
        return {
            "iss": self.issuer,
            "login_hint": person.sub,
            "target_link_uri": target_link_uri,
            "lti_message_hint": hint,
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        }

    def sign(self, claims: dict, *, key: jwk.JWK | None = None, kid: str | None = None) -> str:
        key = key or self.key
        header = {"alg": "RS256", "typ": "JWT", "kid": kid or key.get("kid")}
        token = jwt.JWT(header=header, claims=claims)
        token.make_signed_token(key)
        return token.serialize()

    def id_token(self, launch: dict, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "azp": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        } | launch["claims"]
        for name in launch["drop"]:
            claims.pop(name, None)
        return self.sign(claims, key=launch["key"], kid=launch["kid"])

    def authorize(self, params: dict) -> tuple[int, str]:
        """The OIDC authorization endpoint: check the tool's request, answer with the
        auto-submitting form that posts the id_token to the tool's launch URL."""
        expected = {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": self.client_id,
        }
        for name, value in expected.items():
            if params.get(name) != value:
                return 400, f"invalid_request: {name} must be {value!r}"
        if params.get("redirect_uri") not in self.tool_redirect_uris:
            return 400, "invalid_request: redirect_uri is not registered"
        launch = self._launches.get(params.get("lti_message_hint", ""))
        if launch is None or launch["sub"] != params.get("login_hint"):
            return 400, "login_required: unknown login_hint or lti_message_hint"
        if not params.get("nonce") or not params.get("state"):
            return 400, "invalid_request: nonce and state are required"
        fields = {"id_token": self.id_token(launch, params["nonce"]), "state": params["state"]}
        return 200, auto_post_form(params["redirect_uri"], fields)

    def course_page_url(self, launch_params: dict) -> str:
        """The LMS's page showing the tool in an iframe, as a person would open it, with the
        frame named for LTI Client Side postMessage Storage beside it."""
        return self.endpoint("/course?" + urlencode(launch_params))

    def course_page(self, query: dict) -> str:
        params = {key: values[0] for key, values in query.items()}
        params["lti_storage_target"] = STORAGE_FRAME
        login = f"{self.tool_login_url}?{urlencode(params)}"
        return (
            f"<!doctype html><title>{escape(self.context['title'])}</title>"
            '<link rel="icon" href="data:,">'
            f'<iframe name="{STORAGE_FRAME}" src="/storage_frame" hidden></iframe>'
            f'<iframe name="tool" title="Colloquy" src="{escape(login)}" '
            'width="1000" height="700"></iframe>'
        )

    # Tokens and services ------------------------------------------------------------------

    def tool_key_set(self) -> jwk.JWKSet:
        with urllib.request.urlopen(self.tool_jwks_url, timeout=10) as answer:  # noqa: S310
            return jwk.JWKSet.from_json(answer.read())

    def verify_from_tool(self, token: str, *, audience: str) -> dict:
        """A JWT the tool signed, checked against the tool's published JWKS."""
        parsed = jwt.JWT(jwt=token, key=self.tool_key_set(), expected_type="JWS")
        claims = json.loads(parsed.claims)
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if audience not in audiences:
            raise ValueError(f"aud {claims['aud']!r} is not {audience!r}")
        if claims.get("iss") != self.client_id:
            raise ValueError(f"iss {claims.get('iss')!r} is not the client id")
        return claims

    def issue_token(self, form: dict) -> tuple[int, dict]:
        self.received.token_requests.append(form)
        if form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type"}
        if form.get("client_assertion_type") != (
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ):
            return 400, {"error": "invalid_client"}
        try:
            claims = self.verify_from_tool(
                form.get("client_assertion", ""), audience=self.endpoint("/token")
            )
        except Exception as error:  # any failure is the same refusal
            return 401, {"error": "invalid_client", "error_description": str(error)}
        if claims.get("sub") != self.client_id or claims.get("jti") in self._used_assertion_ids:
            return 401, {"error": "invalid_client", "error_description": "sub or jti"}
        if claims.get("exp", 0) < time.time():
            return 401, {"error": "invalid_client", "error_description": "expired assertion"}
        self._used_assertion_ids.add(claims["jti"])
        granted = [s for s in form.get("scope", "").split() if s in [*AGS_SCOPES, NRPS_SCOPE]]
        access_token = secrets.token_urlsafe(24)
        self._tokens[access_token] = {"scopes": granted, "expires": time.time() + 3600}
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": " ".join(granted),
        }

    def token_allows(self, authorization: str, *scopes: str) -> bool:
        token = self._tokens.get(authorization.removeprefix("Bearer "))
        return (
            token is not None
            and token["expires"] > time.time()
            and any(scope in token["scopes"] for scope in scopes)
        )

    def create_lineitem(self, body: dict) -> dict:
        number = len(self.lineitems) + 1
        item = body | {"id": f"{self.lineitems_url}/{number}"}
        self.lineitems[str(number)] = item
        return item

    def record_score(self, number: str, body: dict) -> tuple[int, dict | str]:
        if number not in self.lineitems:
            return 404, "no such line item"
        if self.score_outage:
            return self.score_outage.pop(0), "the gradebook is busy, try again later"
        required = ("userId", "activityProgress", "gradingProgress", "timestamp")
        missing = [name for name in required if name not in body]
        if missing:
            return 400, f"missing {', '.join(missing)}"
        if body["userId"] not in {person.sub for person in self.members}:
            return 400, f"{body['userId']} is not in this course"
        self.received.scores.append(body | {"lineitem": self.lineitems[number]["id"]})
        return 200, {}

    def membership_page(self, query: dict) -> tuple[dict, str]:
        self.received.membership_requests += 1
        start = int(query.get("from", ["0"])[0])
        page = self.members[start : start + NRPS_PAGE_SIZE]
        members = [
            {
                "status": person.status,
                "name": person.name,
                "given_name": person.name.partition(" ")[0],
                "family_name": person.name.partition(" ")[2],
                "email": person.email,
                "user_id": person.sub,
                "roles": person.roles,
            }
            for person in page
        ]
        link = ""
        if start + NRPS_PAGE_SIZE < len(self.members):
            link = f'<{self.memberships_url}?from={start + NRPS_PAGE_SIZE}>; rel="next"'
        body = {
            "id": self.memberships_url,
            "context": {key: self.context[key] for key in ("id", "label", "title")},
            "members": members,
        }
        return body, link

    def receive_deep_link(self, token: str) -> tuple[int, str]:
        try:
            claims = self.verify_from_tool(token, audience=self.issuer)
        except Exception as error:  # any failure is the same refusal
            return 400, f"refused: {error}"
        if claims.get(LTI + "message_type") != "LtiDeepLinkingResponse":
            return 400, "refused: not a deep-linking response"
        if claims.get(LTI + "deployment_id") != self.deployment_id:
            return 400, "refused: wrong deployment"
        self.received.deep_link_responses.append(claims)
        # As an LMS does for the links it adds: a gradebook column for each line item asked for.
        for item in claims.get(DEEP_LINKING + "content_items", []):
            if "lineItem" in item:
                self.create_lineitem(item["lineItem"])
        return 200, "<!doctype html><title>Added</title><p>Content added to the module.</p>"

    # Dynamic Registration -----------------------------------------------------------------

    def openid_configuration(self) -> dict:
        return self.standard_openid_configuration() | self.configuration_changes

    def standard_openid_configuration(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.endpoint("/auth"),
            "token_endpoint": self.endpoint("/token"),
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "jwks_uri": self.endpoint("/jwks"),
            "registration_endpoint": self.endpoint("/register"),
            "scopes_supported": ["openid", *AGS_SCOPES, NRPS_SCOPE],
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public", "pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "claims_supported": ["sub", "iss", "name", "given_name", "family_name", "email"],
            PLATFORM_CONFIGURATION: {
                "product_family_code": "test-lms",
                "version": "1.0",
                "messages_supported": [
                    {"type": "LtiResourceLinkRequest"},
                    {"type": "LtiDeepLinkingRequest"},
                ],
            },
        }

    def register(self, authorization: str, body: dict) -> tuple[int, dict]:
        if authorization != f"Bearer {self.registration_token}":
            return 401, {"error": "invalid_token"}
        configuration = body.get(TOOL_CONFIGURATION, {})
        required = ("initiate_login_uri", "redirect_uris", "jwks_uri", "client_name")
        missing = [name for name in required if not body.get(name)]
        if body.get("token_endpoint_auth_method") != "private_key_jwt":
            missing.append("token_endpoint_auth_method=private_key_jwt")
        if not configuration.get("target_link_uri") or not configuration.get("domain"):
            missing.append(TOOL_CONFIGURATION)
        if missing:
            return 400, {"error": "invalid_client_metadata", "missing": missing}
        self.received.registrations.append(body)
        self.tool_login_url = body["initiate_login_uri"]
        self.tool_redirect_uris = list(body["redirect_uris"])
        self.tool_jwks_url = body["jwks_uri"]
        return 200, body | {
            "client_id": self.client_id,
            TOOL_CONFIGURATION: configuration | {"deployment_id": self.deployment_id},
        }


def auto_post_form(action: str, fields: dict) -> str:
    inputs = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in fields.items()
    )
    return (
        "<!doctype html><title>Launching…</title>"
        f'<form id="launch" method="post" action="{escape(action)}">{inputs}'
        '<button type="submit">Continue</button></form>'
        "<script>document.getElementById('launch').submit()</script>"
    )


class PlatformHandler(BaseHTTPRequestHandler):
    lms: LearningPlatform

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.route("GET")

    def do_POST(self) -> None:
        self.route("POST")

    def route(self, method: str) -> None:
        lms = self.lms
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        body = self.read_body()
        form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        authorization = self.headers.get("Authorization", "")
        lineitems_path = urlsplit(lms.lineitems_url).path
        if path == "/course":
            return self.send_text(200, lms.course_page(query), "text/html; charset=utf-8")
        if path == "/storage_frame":
            return self.send_text(200, STORAGE_FRAME_PAGE, "text/html; charset=utf-8")
        if path == "/jwks":
            return self.send_json(200, {"keys": [lms.key.export_public(as_dict=True)]})
        if path == "/auth":
            params = {key: values[0] for key, values in query.items()} | form
            status, html = lms.authorize(params)
            return self.send_text(status, html, "text/html; charset=utf-8")
        if path == "/token" and method == "POST":
            return self.send_json(*lms.issue_token(form))
        if path == "/.well-known/openid-configuration":
            return self.send_json(200, lms.openid_configuration())
        if path == "/favicon.ico":  # browsers ask every site for one
            icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
            return self.send_text(200, icon, "image/svg+xml")
        if path == "/tool_registration":
            page = lms.registration_page(query["tool"][0])
            return self.send_text(200, page, "text/html; charset=utf-8")
        if path == "/register" and method == "POST":
            return self.send_json(*lms.register(authorization, json.loads(body or b"{}")))
        if path == "/deep_link_return" and method == "POST":
            status, html = lms.receive_deep_link(form.get("JWT", ""))
            return self.send_text(status, html, "text/html; charset=utf-8")
        if path == urlsplit(lms.memberships_url).path:
            if not lms.token_allows(authorization, NRPS_SCOPE):
                return self.send_json(401, {"error": "invalid_token"})
            outage = lms.roster_outage.pop(0) if lms.roster_outage else None
            if outage:
                return self.send_text(outage, "the roster is unavailable", "text/plain")
            page, link = lms.membership_page(query)
            headers = {"Link": link} if link else {}
            content_type = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
            return self.send_json(200, page, content_type, headers)
        if path == lineitems_path:
            if not lms.token_allows(authorization, AGS_SCOPES[0], AGS_SCOPES[1]):
                return self.send_json(401, {"error": "invalid_token"})
            if method == "POST":
                return self.send_json(201, lms.create_lineitem(json.loads(body)))
            return self.send_json(200, list(lms.lineitems.values()))
        if path.startswith(lineitems_path + "/"):
            number, _, rest = path.removeprefix(lineitems_path + "/").partition("/")
            if rest == "scores" and method == "POST":
                if not lms.token_allows(authorization, AGS_SCOPES[3]):
                    return self.send_json(401, {"error": "invalid_token"})
                return self.send_json(*lms.record_score(number, json.loads(body)))
            if not rest and number in lms.lineitems:
                return self.send_json(200, lms.lineitems[number])
        return self.send_text(404, "not found", "text/plain")

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send_json(self, status, payload, content_type="application/json", headers=None) -> None:
        if isinstance(payload, str):
            return self.send_text(status, payload, "text/plain")
        self.send_text(status, json.dumps(payload), content_type, headers)

    def send_text(self, status: int, text: str, content_type: str, headers=None) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
