"""Optimistic locking in the admin, for every app's admin: a change form carries the version
it was opened at and refuses to overwrite a later save."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..workflow import StaleVersion, lock_version

STALE_IN_ADMIN = _(
    "Someone else saved this record since you opened it; reload to see their changes."
)


class VersionCheckedForm(forms.ModelForm):
    """Carries the version the record was opened at; refuses the save if it moved on since."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def version_holder(obj):
        return obj

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.version_holder(self.instance).version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                lock_version(
                    self.version_holder(self.instance),
                    expected_version=cleaned.get("seen_version"),
                )
            except StaleVersion as stale:
                raise forms.ValidationError(STALE_IN_ADMIN, code=stale.code) from stale
        return cleaned


class VersionCheckedAdmin(admin.ModelAdmin):
    """Optimistic locking in the admin: the change form carries the version it was opened at.

    Saving is refused with a form error when the record (or the record holding the version, e.g.
    a priority's plan) was saved by someone else in between; nothing is overwritten. The check
    locks the row inside the admin's transaction, so two simultaneous saves cannot both pass.
    """

    form = VersionCheckedForm

    def version_holder(self, obj):
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.version_holder = staticmethod(self.version_holder)
        return form

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [*(f for f in fields if f != "seen_version"), "seen_version"]

    def save_model(self, request, obj, form, change):
        if change:
            holder = self.version_holder(obj)
            holder.version = type(holder).objects.get(pk=holder.pk).version + 1
            if holder is not obj:
                holder.save(update_fields=["version"])
        super().save_model(request, obj, form, change)
