"""Running the task queue inside a test, as `manage.py db_worker` does between requests."""

from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> list:
    """Run every queued task that is due, oldest first, inside the test's transaction;
    returns what each returned."""
    results = []
    for queued in DBTaskResult.objects.ready().order_by("enqueued_at"):
        task_result = queued.task_result
        value = queued.task.call(*task_result.args, **task_result.kwargs)
        queued.set_successful(value)
        results.append(value)
    return results
