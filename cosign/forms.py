from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every form with our own accessible markup (label, hint, errors, aria wiring)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
