"""The figures of the periodic transparency reports (global and one per WHO region).

`dataset.collect(period)` runs every query of a period once: each is a grouped aggregate over all
regions and countries at the same time (about twenty queries whatever the data size). The
section functions then split those rows per scope in Python without touching the database:
`builder.build_report_data(dataset, scope)` assembles one report's JSON; `services` saves
and publishes them, `views` and `urls` show them. The reports read the investments models;
the models know nothing of them.

What a figure counts (the "data cut-off" is the first instant after the period):
- records with a date (resources created, profile submissions created, commitments pledged)
  count when dated before the cut-off;
- statuses (published profiles, approved plans, verified commitments and their stage) are those
  at generation time, which the monthly schedule sets a few hours after the cut-off;
- money is in US dollars with the investments app's rules (`funding_gaps()`), as strings of
  decimals so the snapshot never goes through a float; `rates_missing` counts the amounts left
  out for want of a rate, `rates_provisional` those converted at an earlier year's rate (the
  snapshot keeps them as they were: a later revision shows the published rate's figures).
"""
