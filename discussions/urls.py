"""Every discussions address, named `discussions:<name>`; each package lists its own."""

from .annotations import urls as annotations_urls
from .audit import urls as audit_urls
from .moderation import urls as moderation_urls
from .notes import urls as notes_urls
from .notifications import urls as notifications_urls
from .participation import urls as participation_urls
from .personal_data import urls as personal_data_urls
from .reading import urls as reading_urls
from .search import urls as search_urls

app_name = "discussions"

urlpatterns = [
    *reading_urls.urlpatterns,
    *participation_urls.urlpatterns,
    *moderation_urls.urlpatterns,
    *notifications_urls.urlpatterns,
    *audit_urls.urlpatterns,
    *personal_data_urls.urlpatterns,
    *annotations_urls.urlpatterns,
    *notes_urls.urlpatterns,
    *search_urls.urlpatterns,
]
