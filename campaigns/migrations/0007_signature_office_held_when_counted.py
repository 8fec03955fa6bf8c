import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    """Only a counted sign-on holds an office, and only a confirmed one an address: pending
    sign-ons for one office (or from one address) may now coexist."""

    dependencies = [
        ("campaigns", "0006_letterversion_html"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="signature",
            name="one_active_signature_per_member",
        ),
        migrations.RemoveConstraint(
            model_name="signature",
            name="one_active_signature_per_email",
        ),
        migrations.AddField(
            model_name="signature",
            name="withdrawal_requested_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="signature",
            name="confirmation_withheld",
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name="signature",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "approved")),
                fields=("campaign", "legislator"),
                name="one_counted_signature_per_member",
            ),
        ),
        migrations.AddConstraint(
            model_name="signature",
            constraint=models.UniqueConstraint(
                models.F("campaign"),
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("status__in", ["confirmed", "approved"])),
                name="one_confirmed_signature_per_email",
            ),
        ),
    ]
