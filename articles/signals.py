"""What articles tells the apps above it. They connect receivers; articles never imports them."""

from django.dispatch import Signal

# Sent inside the revising transaction once a reading has a new version, with `reading` and
# `revised`: the previous version's paragraphs that went on to one of the new version (each
# with its `successor` loaded). Discussions finds quoted words again in the new wording.
reading_revised = Signal()
