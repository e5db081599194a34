"""Colloquy's URLs plus a stand-in for the deep-linking page (built in discussions), for the
launch tests: it answers the return URL it reads through `launch_claims`."""

from django.http import Http404, HttpResponse
from django.urls import include, path

from articles.access import SIGNED_IN, access_rule
from classroom.lti.launch import DEEP_LINKING_SETTINGS, launch_claims
from config.urls import urlpatterns as colloquy_urlpatterns


@access_rule(SIGNED_IN)
def deep_linking(request, launch_id):
    claims = launch_claims(request, launch_id)
    if claims is None:
        raise Http404("No such launch.")
    return HttpResponse(claims[DEEP_LINKING_SETTINGS]["deep_link_return_url"])


stand_in = [path("deep-linking/<str:launch_id>/", deep_linking, name="deep-linking")]
urlpatterns = [path("lms/", include((stand_in, "lms"))), *colloquy_urlpatterns]
