"""A report's period: one calendar month, and its data cut-off."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text):
        """`YYYY-MM` → Period; ValueError with a readable message otherwise."""
        try:
            year, month = (int(part) for part in str(text).split("-"))
            datetime.date(year, month, 1)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"“{text}” is not a period: write it as YYYY-MM, e.g. 2026-10."
            ) from error
        return cls(year, month)

    @classmethod
    def last_complete(cls, now=None):
        """The month before the one of `now` (UTC): the period the monthly run reports on."""
        today = (now or timezone.now()).astimezone(datetime.UTC).date()
        return cls(today.year, today.month).previous()

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    def previous(self):
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def next(self):
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def start(self):
        return datetime.datetime(self.year, self.month, 1, tzinfo=datetime.UTC)

    @property
    def cutoff(self):
        following = self.next()
        return datetime.datetime(following.year, following.month, 1, tzinfo=datetime.UTC)

    @property
    def is_complete(self):
        return self.cutoff <= timezone.now()
