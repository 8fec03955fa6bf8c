from django.db import models


class HeldTask(models.Model):
    """A task that could not be queued because the broker was unreachable.

    The work it stands for is already committed (a signature, say); `release_held_tasks` queues
    it once the broker answers again, so an outage of Redis delays an email but loses none.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set while a sweeper is queueing it; a sweeper that died leaves it to the next one.
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"
