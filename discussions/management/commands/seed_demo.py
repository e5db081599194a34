"""Load a demo course, a public-domain reading, demo accounts and a few threads; safe to re-run."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.services import reading_create, split_paragraphs
from classroom.assignments.services import assignment_create
from classroom.models import Assignment, Course, Membership, Role, User
from discussions.reading.services import comment_create, prompt_create

DEMO_PASSWORD = "colloquy-demo"  # noqa: S105 -- printed for the demo on purpose
DEMO_SLUG = "civics-demo"
READING_FILE = Path(__file__).resolve().parents[2] / "demo" / "declaration-of-independence.txt"

ACCOUNTS = [
    ("admin", "Site Admin", None),
    ("rivera", "Ms. Rivera", Role.INSTRUCTOR),
    ("chen", "Mr. Chen", Role.TA),
    ("amara", "Amara Okafor", Role.STUDENT),
    ("ben", "Ben Kowalski", Role.STUDENT),
    ("lucia", "Lucía Fernández", Role.STUDENT),
]

INSTRUCTIONS = """Read the Declaration closely and discuss it **paragraph by paragraph**.

- Start at least one thread on a paragraph that surprised you.
- Reply to at least two classmates with evidence from the text."""


# (author, paragraph number, body, index in this list of the comment it replies to)
OPENING_THREADS = [
    (
        "amara",
        1,
        "“All men are created equal” — but the signers clearly did not mean *all* people. "
        "How do we read this line knowing who was left out?",
        None,
    ),
    (
        "ben",
        1,
        "I think that tension is the point later generations used: Douglass and the "
        "Seneca Falls declaration both quote this exact sentence back at the country.",
        0,
    ),
    (
        "chen",
        1,
        "Good connection, Ben. Can you find the paragraph where Jefferson shifts from "
        "principles to evidence?",
        1,
    ),
    (
        "lucia",
        1,
        "> let Facts be submitted to a candid world\n\nRight here — the last sentence "
        "sets up the list of grievances.",
        0,
    ),
    (
        "lucia",
        0,
        "“a decent respect to the opinions of mankind” — they wrote this for an "
        "international audience, not just the King.",
        None,
    ),
]


class Command(BaseCommand):
    help = "Create the demo course, accounts and discussion (does nothing if they exist)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production-demo",
            action="store_true",
            help="Load the demo even with DEBUG off, e.g. on a staging site for a demonstration. "
            "Its accounts, a superuser included, share a published password.",
        )

    def handle(self, *args, **options):
        # The demo's superuser and password are in the README: never on a real site by accident.
        if not settings.DEBUG and not options["allow_production_demo"]:
            raise CommandError(
                "seed_demo creates a superuser 'admin' whose password is published in the "
                "README, so it refuses to run with DEBUG off. Run it with DEBUG=1 for "
                "development, or pass --allow-production-demo for a throwaway staging demo."
            )
        users = {username: self._account(username, name) for username, name, _ in ACCOUNTS}
        course = Course.objects.filter(slug=DEMO_SLUG).first()
        if course is None:
            course = self._course(users)
            self.stdout.write(self.style.SUCCESS("Demo course created."))
        else:
            self.stdout.write("Demo course already present; nothing changed.")
        assignment = course.assignments.first()
        self.stdout.write(f"\n  Course: {course.title}   join code: {course.join_code}")
        self.stdout.write(f"  Reading: /c/{course.slug}/a/{assignment.pk}/")
        self.stdout.write(f"  Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, name, role in ACCOUNTS:
            label = Role(role).label if role else "Site admin"
            self.stdout.write(f"    {username:<8} {name:<18} {label}")

    def _account(self, username: str, name: str) -> User:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": name, "email": f"{username}@example.com"}
        )
        if created:
            if username == "admin":
                user.is_staff = user.is_superuser = True
            # The demo instructor is an approved teacher, so she may start another course.
            user.may_teach = username == "rivera"
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    @transaction.atomic
    def _course(self, users: dict[str, User]) -> Course:
        course = self._course_with_members(users)
        assignment = self._assign_reading(course, instructor=users["rivera"])
        self._discuss(users, assignment)
        return course

    def _course_with_members(self, users: dict[str, User]) -> Course:
        course = Course.objects.create(
            title="Civics 101: Founding Documents", slug=DEMO_SLUG, created_by=users["rivera"]
        )
        for username, _, role in ACCOUNTS:
            if role:
                Membership.objects.create(user=users[username], course=course, role=role)
        return course

    def _assign_reading(self, course: Course, *, instructor: User) -> Assignment:
        reading = reading_create(
            owner=instructor,
            title="The Declaration of Independence",
            byline="Thomas Jefferson and the Second Continental Congress, 1776",
            source="Public domain",
            paragraphs=split_paragraphs(READING_FILE.read_text(encoding="utf-8")),
        )
        return assignment_create(
            course=course,
            reading=reading,
            created_by=instructor,
            instructions=INSTRUCTIONS,
            due_at=timezone.now() + timedelta(days=7),
        )

    def _discuss(self, users: dict[str, User], assignment: Assignment) -> None:
        """The opening threads, the instructor's prompt with an answer, then a late thread."""
        paragraphs = list(assignment.reading.current_paragraphs())

        def post(author, paragraph_number, body, parent=None):
            return comment_create(
                author=users[author],
                assignment=assignment,
                paragraph=paragraphs[paragraph_number],
                body=body,
                parent=parent,
            )

        posted = []
        for author, paragraph_number, body, replying_to in OPENING_THREADS:
            parent = posted[replying_to] if replying_to is not None else None
            posted.append(post(author, paragraph_number, body, parent))
        prompt = prompt_create(
            assignment=assignment,
            author=users["rivera"],
            paragraph=paragraphs[2],
            body="Which of these grievances would matter most to *you*, and why?",
        )
        comment_create(
            author=users["ben"],
            assignment=assignment,
            prompt=prompt,
            body="Taxes without consent — it touches everyone, not just the legislature.",
        )
        post(
            "amara",
            14,
            "This one paragraph packs in nine separate complaints. Taxes without consent "
            "is only one of them!",
        )
