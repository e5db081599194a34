from django.contrib import admin
from django.urls import include, path, register_converter

from classroom.converters import IdConverter

register_converter(IdConverter, "id")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("classroom.accounts.urls")),
    path("readings/", include("articles.urls")),
    path("lti/", include("classroom.lti.urls")),
    path("", include("discussions.urls")),
    path("", include("discussions.lms.urls")),
    path("", include("classroom.urls")),
]

handler500 = "config.errors.server_error"
