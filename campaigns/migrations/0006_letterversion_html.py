from django.db import migrations


def render_again(apps, schema_editor):
    """Versions written before rendering was bounded may hold HTML nested thousands deep, which
    every page, PDF and email then served; render each from its Markdown once more. (The renderer
    is today's, imported on purpose: a stored version's HTML is what its Markdown renders to.)"""
    from campaigns.markdown import render_markdown

    LetterVersion = apps.get_model("campaigns", "LetterVersion")
    changed = []
    for version in LetterVersion.objects.only("pk", "markdown", "html").iterator(chunk_size=200):
        html = render_markdown(version.markdown)
        if html != version.html:
            version.html = html
            changed.append(version)
    LetterVersion.objects.bulk_update(changed, ["html"], batch_size=200)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0005_held_tasks_and_render_progress"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True),
    ]
