"""Third-party-initiated login: which platform is asking, and the signed `state` that carries
the launch to its id_token and binds it to the browser that started it."""

import hashlib
import secrets
from dataclasses import asdict, dataclass

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.navigation import is_on_this_site, with_query

from .frames import partition_cookie
from .models import Platform
from .refusals import LaunchRefused

STATE_SALT = "classroom.lti.state"
# Long enough to sign in at the LMS's authorization step, short enough to limit a replay.
STATE_MAX_AGE = 10 * 60
STATE_COOKIE_PREFIX = "lti-state-"


@dataclass(frozen=True)
class LoginState:
    """What the signed state carries (the signature adds the time it was made). The browser
    binding travels only as its hash: the state passes through the platform and the page, the
    binding itself only through this browser's cookie or the platform's frame storage."""

    key: str
    nonce: str
    platform: int
    target_link_uri: str
    login_hint: str
    lti_message_hint: str
    binding_hash: str
    storage_target: str = ""

    @property
    def cookie_name(self) -> str:
        return STATE_COOKIE_PREFIX + self.key

    def binds(self, binding: str) -> bool:
        return secrets.compare_digest(binding_hash(binding), self.binding_hash)


def binding_hash(binding: str) -> str:
    return hashlib.sha256(binding.encode()).hexdigest()


def platform_for_login(*, issuer: str, client_id: str) -> Platform:
    """The confirmed platform a login initiation or launch names."""
    platforms = Platform.objects.filter(issuer=issuer)
    if client_id:
        platforms = platforms.filter(client_id=client_id)
    found = list(platforms[:2])
    if not found:
        raise LaunchRefused(_("Colloquy does not know this learning platform (%s).") % issuer)
    if len(found) > 1:
        raise LaunchRefused(
            _(
                "Several platforms share the issuer %s and the login did not say which "
                "client id it is for."
            )
            % issuer
        )
    platform = found[0]
    if not platform.is_confirmed:
        raise LaunchRefused(
            _(
                "This learning platform is registered but a Colloquy site administrator has "
                "not confirmed it yet."
            ),
            status=403,
            platform=platform,
        )
    return platform


def login_begin(request: HttpRequest, *, params, platform: Platform) -> tuple[LoginState, str, str]:
    """A new state for a login initiation: (state, its signed form, the browser binding)."""
    target_link_uri = params.get("target_link_uri", "")
    if not target_link_uri or not is_on_this_site(request, target_link_uri):
        raise LaunchRefused(
            _("The platform asked to open an address that is not on this Colloquy site."),
            platform=platform,
        )
    binding = secrets.token_urlsafe(32)
    state = LoginState(
        key=secrets.token_urlsafe(12),
        nonce=secrets.token_urlsafe(24),
        platform=platform.pk,
        target_link_uri=target_link_uri,
        login_hint=params.get("login_hint", ""),
        lti_message_hint=params.get("lti_message_hint", ""),
        binding_hash=binding_hash(binding),
        storage_target=params.get("lti_storage_target", ""),
    )
    return state, signing.dumps(asdict(state), salt=STATE_SALT), binding


def state_read(signed_state: str) -> LoginState:
    if not signed_state:
        raise LaunchRefused(_("The launch arrived without its state, so it cannot be trusted."))
    try:
        return LoginState(**signing.loads(signed_state, salt=STATE_SALT, max_age=STATE_MAX_AGE))
    except signing.SignatureExpired:
        raise LaunchRefused(
            _("The launch took too long to arrive. Open Colloquy from your course again.")
        ) from None
    except (signing.BadSignature, TypeError):
        raise LaunchRefused(_("The launch's state is not one Colloquy issued.")) from None


def authorization_redirect_url(
    request: HttpRequest, *, platform: Platform, state: LoginState, signed_state: str
) -> str:
    """The platform's OIDC authorization address for this login."""
    params = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": request.build_absolute_uri(reverse("lti:launch")),
        "login_hint": state.login_hint,
        "state": signed_state,
        "nonce": state.nonce,
    }
    if state.lti_message_hint:
        params["lti_message_hint"] = state.lti_message_hint
    return with_query(platform.authorization_url, **params)


def state_cookie_set(response: HttpResponse, *, state: LoginState, binding: str) -> None:
    """One cookie per state, so two launches in two frames of one page do not overwrite each
    other's binding. SameSite=None: the launch is a cross-site POST from the LMS."""
    response.set_cookie(
        state.cookie_name,
        binding,
        max_age=STATE_MAX_AGE,
        path=reverse("lti:launch"),
        secure=True,
        httponly=True,
        samesite="None",
    )
    partition_cookie(response, state.cookie_name)


def restart_url(state: LoginState, platform: Platform) -> str:
    """The login initiation again, for a new top-level tab where cookies work."""
    return with_query(
        reverse("lti:login"),
        iss=platform.issuer,
        client_id=platform.client_id,
        login_hint=state.login_hint,
        lti_message_hint=state.lti_message_hint,
        target_link_uri=state.target_link_uri,
    )
