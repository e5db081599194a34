"""Every classroom address, named `classroom:<name>`; each package lists its own."""

from .assignments import urls as assignments_urls
from .courses import urls as courses_urls
from .groups import urls as groups_urls
from .invitations import urls as invitations_urls
from .roster import urls as roster_urls

app_name = "classroom"

urlpatterns = [
    *courses_urls.urlpatterns,
    *roster_urls.urlpatterns,
    *invitations_urls.urlpatterns,
    *assignments_urls.urlpatterns,
    *groups_urls.urlpatterns,
]
