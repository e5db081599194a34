"""The key each posted form carries, kept for a while with what the post wrote."""

from django.conf import settings
from django.db import models

from .anchors import Note
from .comments import Comment, Prompt
from .moderation import Flag


class PostingKey(models.Model):
    """A form post claimed under the key its form was rendered with. A repeat of the post (a
    double click, a proxy's retry) finds this row and answers with what the first one wrote;
    one that arrives while the first is still writing waits on the unique index for it.

    The post sets one of `comment`, `flag`, `note` and `prompt` to what it wrote (an edit,
    to what it changed) in the transaction that claimed the key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    # What was posted and where: the same key with other words is not a repeat.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    comment = models.ForeignKey(Comment, null=True, on_delete=models.CASCADE, related_name="+")
    flag = models.ForeignKey(Flag, null=True, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(Note, null=True, on_delete=models.CASCADE, related_name="+")
    prompt = models.ForeignKey(Prompt, null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_post_per_posting_key"),
        ]

    def __str__(self) -> str:
        return f"posting key {self.key}"
