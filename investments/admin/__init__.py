"""The investments app's admin pages, one module per subject; importing them registers them."""

from . import commitments, offers, plans, rates, reports
