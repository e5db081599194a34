"""What classroom tells the apps above it. They connect receivers; classroom never imports them."""

from django.dispatch import Signal

# Sent inside the saving transaction after an assignment is created or edited, with
# `assignment`, `created` and `opening_moved` (whether an edit changed when it opens).
assignment_saved = Signal()

# Sent inside the deleting transaction just before a person deletes their own account, with
# `user`: apps above say what becomes of what that person wrote.
account_deleting = Signal()
