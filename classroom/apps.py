from django.apps import AppConfig


class ClassroomConfig(AppConfig):
    name = "classroom"

    def ready(self) -> None:
        from articles.page_parts import register_part
        from classroom import access_changes  # noqa: F401 -- connects its receivers
        from classroom.assignments.reading_page import assign_reading

        register_part("reading-detail", assign_reading)
