from django.db import migrations

# The audit trail is append-only on PostgreSQL (carried over from campaigns' 0001_initial, and
# before it the old 0003_audit_trail); on SQLite this migration does nothing.
APPEND_ONLY = """
CREATE FUNCTION letters_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    -- Only the link to a deleted account may go; the event keeps the address as text.
    IF NEW.actor_id IS NULL AND ROW(NEW.campaign_id, NEW.at, NEW.actor_label, NEW.subject_type,
            NEW.subject_id, NEW.subject_label, NEW.from_state, NEW.to_state, NEW.reason)
        IS NOT DISTINCT FROM ROW(OLD.campaign_id, OLD.at, OLD.actor_label, OLD.subject_type,
            OLD.subject_id, OLD.subject_label, OLD.from_state, OLD.to_state, OLD.reason) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER letters_auditevent_append_only
    BEFORE UPDATE ON letters_auditevent
    FOR EACH ROW EXECUTE FUNCTION letters_auditevent_append_only();
"""


def refuse_updates(apps, schema_editor):
    # Deleting a whole letter still deletes its trail (ON DELETE CASCADE is Django's, row by
    # row, so DELETE stays allowed); editing a recorded event is refused by the database.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def allow_updates(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER letters_auditevent_append_only ON letters_auditevent;"
            " DROP FUNCTION letters_auditevent_append_only();"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_updates, allow_updates),
    ]
