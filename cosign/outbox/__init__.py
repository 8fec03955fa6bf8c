"""The outbox: every side effect of a workflow (an email, a notice, a re-render, a reminder) is
a row written in the same transaction as the change that causes it, then sent at least once by
one sender, deduplicated by its key. See services.py."""
