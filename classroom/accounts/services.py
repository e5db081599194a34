"""Writes for accounts: signing up and changing one's own settings."""

from classroom.models import User


def user_sign_up(*, username: str, display_name: str, email: str, password: str) -> User:
    user = User(username=username, display_name=display_name, email=email)
    user.set_password(password)
    user.save()
    return user


def account_update(*, user: User, display_name: str, language: str, email_digest: bool) -> User:
    user.display_name = display_name
    user.language = language
    user.email_digest = email_digest
    user.save()
    return user
