"""What a platform's LIS roles make a person in the linked course: instructor, TA or student.
An LMS never makes anyone a Colloquy site admin, whatever its roles say."""

from classroom.models import Role

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"

# LTI 1.3 still allows a context role's bare name ("Instructor") for membership#Instructor.
ADMINISTRATOR_ROLES = frozenset(
    {
        "membership#Administrator",
        "Administrator",
        "institution/person#Administrator",
        "system/person#Administrator",
    }
)
TEACHING_ASSISTANT_ROLES = frozenset(
    {
        "membership#TeachingAssistant",
        "TeachingAssistant",
        "membership/Instructor#TeachingAssistant",
    }
)
INSTRUCTOR_ROLES = frozenset({"membership#Instructor", "Instructor"})


def course_role(lis_roles: list[str]) -> Role:
    """The course role for a launch's roles claim. Platforms send a TA both the Instructor
    context role and its TeachingAssistant sub-role, so the sub-role wins over Instructor;
    an administrator of the course or the institution teaches it."""
    names = {role.removeprefix(LIS) for role in lis_roles if isinstance(role, str)}
    if names & ADMINISTRATOR_ROLES:
        return Role.INSTRUCTOR
    if names & TEACHING_ASSISTANT_ROLES:
        return Role.TA
    if names & INSTRUCTOR_ROLES:
        return Role.INSTRUCTOR
    return Role.STUDENT
