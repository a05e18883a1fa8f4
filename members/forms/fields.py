"""Form fields shared by the portal's filter forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import WhoRegion


def _attributes(attrs):
    # As django/forms/widgets/attrs.html writes them: False left out, True a bare name.
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """Django's select, written here rather than through a template per option: the same HTML
    (name, attributes, options, the selected one), without rendering select_option.html and
    attrs.html for each of the 195 options of a member state filter. Flat choices only."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = set(self.format_value(value))
        options = []
        has_selected = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            # As Django's: a single select marks its first matching option only.
            selected = (self.allow_multiple_selected or not has_selected) and option_value in values
            has_selected |= selected
            options.append(
                f'\n  <option value="{conditional_escape(option_value)}"'
                f"{' selected' if selected else ''}>{conditional_escape(label)}</option>"
            )
        start = f'<select name="{conditional_escape(name)}"{_attributes(attrs)}>'
        return mark_safe(f"{start}{''.join(options)}\n</select>")


class TableChoices(forms.models.ModelChoiceIterator):
    """The rows of a small table read with one plain query (Django's iterator reads them through
    a server-side cursor: DECLARE, FETCH and CLOSE, three round trips a select)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.queryset:
            yield self.choice(row)


class TableChoiceField(forms.ModelChoiceField):
    """A filter's choice of one row of a small table (a region, a member state, a component):
    the form reads the table once, to check the choice and to write the options."""

    widget = Select
    iterator = TableChoices

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        try:
            wanted = key.to_python(value)
        except ValidationError:
            wanted = None
        for row in self.queryset:  # this form's own copy: read once, kept for the options
            if wanted is not None and getattr(row, key.attname) == wanted:
                return row
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


def region_filter_field():
    """The optional WHO region of a list's filters, by its code (`?region=AFR`)."""
    return TableChoiceField(
        label=_("WHO region"),
        queryset=WhoRegion.objects.all(),
        required=False,
        empty_label=_("All regions"),
        to_field_name="code",
    )
