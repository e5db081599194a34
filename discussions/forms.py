from django import forms


class CommentForm(forms.Form):
    # Length and content rules live in services._clean_body so every way in shares them.
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write something before posting."},
        help_text="Markdown works: **bold**, *italic*, > quote, - list, [link](https://…).",
    )
