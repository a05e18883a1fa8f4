"""Exchange rates in the admin: edited one by one or loaded from a CSV file."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import rate_services
from ..forms import ExchangeRateForm, ExchangeRatesFileForm
from ..models import ExchangeRate
from .secretariat import SecretariatAdmin


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SecretariatAdmin):
    """Rates one by one, or a year's from a CSV file ("Load rates from a CSV file"): the same
    form checks both (`ExchangeRateForm`)."""

    deletable = True
    form = ExchangeRateForm
    list_display = ("currency", "year", "units_per_usd", "source")
    list_filter = ("year",)
    search_fields = ("currency",)
    ordering = ("currency", "year")

    def get_urls(self):
        load = path(
            "load/",
            self.admin_site.admin_view(self.load_view),
            name="investments_exchangerate_load",
        )
        return [load, *super().get_urls()]

    def load_view(self, request):
        """Upload a CSV file of rates: `rate_services.load_exchange_rates`, then the list."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ExchangeRatesFileForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                loaded = rate_services.load_exchange_rates(file=form.cleaned_data["file"])
            except rate_services.RatesFileError as error:
                problems = error.messages
            else:
                self.message_user(request, _loaded_message(loaded), messages.SUCCESS)
                return redirect("admin:investments_exchangerate_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "problems": problems,
            "title": _("Load exchange rates from a CSV file"),
        }
        return TemplateResponse(request, "admin/investments/exchangerate/load.html", context)


def _loaded_message(loaded):
    message = _(
        "Rates loaded: %(added)s added, %(changed)s changed, %(unchanged)s unchanged "
        "(years %(years)s). Every plan's figures are derived again."
    ) % {
        "added": loaded.added,
        "changed": loaded.changed,
        "unchanged": loaded.unchanged,
        "years": ", ".join(str(year) for year in loaded.years),
    }
    provisional = _("Provisional conversions: %(before)s before, %(after)s now.") % {
        "before": loaded.provisional_before,
        "after": loaded.provisional_after,
    }
    return f"{message} {provisional}"
