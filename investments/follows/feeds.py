"""Atom feeds of the public lists: new resources, published plans, open offers, published
transparency reports. Public items only (`published()`, `open()`), the newest `FEED_SIZE`,
each feed one query (two for the resources' publishers) whatever the data size."""

from django.contrib.syndication.views import Feed
from django.db.models.fields.json import KT
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from resources.models import Resource

from ..models import GLOBAL_SCOPE, InvestmentPlan, Offer, TransparencyReport

FEED_SIZE = 50


class PortalFeed(Feed):
    feed_type = Atom1Feed
    author_name = _("WHO Global Initiative on Digital Health")

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at


class ResourceFeed(PortalFeed):
    title = _("GIDH Portal: new resources in the catalogue")
    subtitle = _("Published resources, newest or most recently updated first.")
    link = reverse_lazy("resources:resource-list")

    def items(self):
        return (
            Resource.objects.published()
            .select_related("publisher")
            .order_by("-updated_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return str(item.publisher) if item.publisher_id else None


class PlanFeed(PortalFeed):
    title = _("GIDH Portal: published investment plans")
    subtitle = _("National digital health investment plans approved and published.")
    link = reverse_lazy("investments:plan-list")

    def items(self):
        return (
            InvestmentPlan.objects.published()
            .select_related("member_state")
            .order_by("-updated_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.member_state.name}: {item}"

    def item_description(self, item):
        return item.summary


class OfferFeed(PortalFeed):
    title = _("GIDH Portal: open offers of support")
    subtitle = _("What partner organizations offer to countries, newest first.")

    def link(self):
        try:
            return reverse("investments:offer-list")
        except NoReverseMatch:  # the offers' pages come with their own work
            return reverse("investments:partner-list")

    def items(self):
        return (
            Offer.objects.open()
            .select_related("organization")
            .order_by("-updated_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.organization}: {item.title}"

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.get_absolute_url()


class ReportFeed(PortalFeed):
    title = _("GIDH Portal: published transparency reports")
    subtitle = _("Global and regional transparency reports, newest first.")
    link = reverse_lazy("reports:report-list")

    def items(self):
        return (
            TransparencyReport.objects.published()
            .annotate(scope_name=KT("data__scope_name"))
            .defer("data")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        scope = _("Global") if item.scope == GLOBAL_SCOPE else item.scope_name or item.scope
        return f"{scope} {item.period} (r{item.revision})"

    def item_description(self, item):
        return _("Transparency report for %(period)s.") % {"period": item.period}

    def item_updateddate(self, item):
        return item.published_at

    def item_pubdate(self, item):
        return item.published_at


resource_feed = require_safe(ResourceFeed())
plan_feed = require_safe(PlanFeed())
offer_feed = require_safe(OfferFeed())
report_feed = require_safe(ReportFeed())
