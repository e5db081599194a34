from django import forms

from discussions.models.anchors import QUOTE_MAX_LENGTH


class NoteForm(forms.Form):
    """Labels and help are in the template (discussions/notes/notes.html#note-fields); whether
    the quote is in the paragraph and how long a note may be, in services.note_create."""

    quote = forms.CharField(required=False, strip=False, max_length=QUOTE_MAX_LENGTH)
    body = forms.CharField(required=False, widget=forms.Textarea)
