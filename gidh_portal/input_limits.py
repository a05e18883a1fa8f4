"""Limits on what people type, shared by the models (so admin, API and services refuse it too)
and the page forms. Amount ceilings come from the money columns (18 digits, 2 decimals)."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator

LONG_TEXT = 20_000  # notes, evidence, descriptions, summaries
MARKDOWN_TEXT = 100_000  # a catalogue entry's Markdown description


def year_range(first, last=2100):
    return [MinValueValidator(first), MaxValueValidator(last)]


def date_range(first_year, last_year=2100):
    return [
        MinValueValidator(datetime.date(first_year, 1, 1)),
        MaxValueValidator(datetime.date(last_year, 12, 31)),
    ]
