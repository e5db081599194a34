"""What a platform reads from Colloquy to trust it: the public keys, and the configuration
a Canvas admin pastes."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.access import PUBLIC, access_rule

from .keys import public_jwks
from .tool_configuration import ToolAddresses, canvas_configuration

# Platforms fetch the key set on every launch they check; a few minutes of caching spares
# Colloquy the work, and a rotation keeps the old key published much longer than that.
JWKS_MAX_AGE = 5 * 60


@access_rule(PUBLIC)
@require_GET
@cache_control(public=True, max_age=JWKS_MAX_AGE)
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(public_jwks())


@access_rule(PUBLIC)
@require_GET
def canvas_config(request: HttpRequest) -> JsonResponse:
    configuration = canvas_configuration(ToolAddresses.for_request(request))
    return JsonResponse(configuration, json_dumps_params={"indent": 2})
