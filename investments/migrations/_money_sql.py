"""SQL of the money rule and of the stored conversions (`CommitmentConversion`,
`PriorityCostConversion`) and figures (`PlanFigures`, `PriorityFigures`), from migration
`0014_stored_conversions` on. It replaces `investments_figure_rows()`,
`investments_refresh_figures()` and the exchange rates' trigger of `_figures_sql.py` (which
migrations 0006 and 0012 ran and keep as they were); the per-table triggers of `_figures_sql.py`
still call `investments_refresh_figures(plan_ids)` for the plans each statement touches.

The rule is written once, in `investments_rate_of(currency, year)` (the module docstring of
`investments.models` says it in words; `rate_of()` there is its ORM twin for the tests'
checks):
- the currency's rate of the year when published;
- past the currency's latest published year, the latest one: `rate_year` < year, provisional;
- the US dollar is the unit, 1 in every year;
- otherwise (before the first published year, a gap, an unknown currency) no row: missing.
A refresh of some plans re-derives the conversion of each of their costs and commitments
(every one, public or not: owners see their own), then sums the public ones into the figures.
`tests/investments/test_figures.py` checks both against the ORM's conversion after every kind
of write.
"""

RATE_OF = """
CREATE OR REPLACE FUNCTION investments_rate_of(currency varchar, year integer)
RETURNS TABLE (rate_year integer, units_per_usd numeric)
LANGUAGE sql STABLE AS $$
    SELECT $2, 1::numeric WHERE $1 = 'USD'
    UNION ALL
    SELECT x.year, x.units_per_usd
    FROM investments_exchangerate x
    WHERE $1 <> 'USD' AND x.currency = $1
      AND x.year = LEAST($2, (SELECT max(l.year) FROM investments_exchangerate l
                              WHERE l.currency = $1))
$$;
"""

CONVERSIONS = """
CREATE OR REPLACE FUNCTION investments_refresh_conversions(plan_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM investments_prioritycostconversion WHERE plan_id = ANY(plan_ids);
    DELETE FROM investments_commitmentconversion WHERE plan_id = ANY(plan_ids);
    INSERT INTO investments_prioritycostconversion
        (cost_id, plan_id, rate, rate_year, rate_provisional, amount_usd)
    SELECT c.id, r.plan_id, x.units_per_usd, x.rate_year,
           COALESCE(x.rate_year < c.year, FALSE), round(c.amount / x.units_per_usd, 2)
    FROM investments_prioritycost c
    JOIN investments_priority r ON r.id = c.priority_id
    JOIN investments_investmentplan p ON p.id = r.plan_id
    LEFT JOIN LATERAL investments_rate_of(p.currency, c.year) x ON TRUE
    WHERE r.plan_id = ANY(plan_ids);
    INSERT INTO investments_commitmentconversion
        (commitment_id, plan_id, rate, rate_year, plan_rate, plan_rate_year, rate_provisional,
         plan_rate_provisional, pledged_usd, committed_usd, disbursed_usd, committed_plan,
         disbursed_plan)
    SELECT m.id, m.plan_id, cr.units_per_usd, cr.rate_year, pr.units_per_usd, pr.rate_year,
           COALESCE(cr.rate_year < m.year, FALSE),
           m.currency <> p.currency
               AND COALESCE(cr.rate_year < m.year OR pr.rate_year < m.year, FALSE),
           round(m.pledged_amount / cr.units_per_usd, 2),
           round(COALESCE(m.committed_amount, 0.00) / cr.units_per_usd, 2),
           round(COALESCE(m.disbursed_amount, 0.00) / cr.units_per_usd, 2),
           CASE WHEN m.currency = p.currency THEN COALESCE(m.committed_amount, 0.00)
                ELSE round(COALESCE(m.committed_amount, 0.00)
                           * (pr.units_per_usd / cr.units_per_usd), 2) END,
           CASE WHEN m.currency = p.currency THEN COALESCE(m.disbursed_amount, 0.00)
                ELSE round(COALESCE(m.disbursed_amount, 0.00)
                           * (pr.units_per_usd / cr.units_per_usd), 2) END
    FROM investments_commitment m
    JOIN investments_investmentplan p ON p.id = m.plan_id
    LEFT JOIN LATERAL investments_rate_of(m.currency, m.year) cr ON TRUE
    LEFT JOIN LATERAL investments_rate_of(p.currency, m.year) pr ON TRUE
    WHERE m.plan_id = ANY(plan_ids);
END
$$;
"""

# The figures sum the stored conversions (no rate read here).
ROWS = """
CREATE FUNCTION investments_figure_rows(plan_ids bigint[])
RETURNS TABLE (
    plan_id bigint, priority_id bigint,
    cost numeric, cost_usd numeric, cost_rates_missing bigint, cost_rates_provisional bigint,
    cost_count bigint,
    committed numeric, committed_usd numeric, disbursed numeric, disbursed_usd numeric,
    commitment_rates_missing bigint, commitment_usd_rates_missing bigint,
    commitment_rates_provisional bigint, commitment_usd_rates_provisional bigint,
    commitment_count bigint
)
LANGUAGE sql STABLE AS $$
    SELECT r.plan_id, r.id,
           sum(c.amount), sum(x.amount_usd),
           count(c.id) FILTER (WHERE x.rate IS NULL),
           count(c.id) FILTER (WHERE x.rate_provisional),
           count(c.id),
           NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric, 0::bigint, 0::bigint,
           0::bigint, 0::bigint, 0::bigint
    FROM investments_priority r
    JOIN investments_prioritycost c ON c.priority_id = r.id
    LEFT JOIN investments_prioritycostconversion x ON x.cost_id = c.id
    WHERE r.plan_id = ANY(plan_ids)
    GROUP BY r.plan_id, r.id
    UNION ALL
    SELECT m.plan_id, m.priority_id, NULL, NULL, 0, 0, 0,
           sum(x.committed_plan), sum(x.committed_usd),
           sum(x.disbursed_plan), sum(x.disbursed_usd),
           count(*) FILTER (WHERE x.rate IS NULL OR x.plan_rate IS NULL),
           count(*) FILTER (WHERE x.rate IS NULL),
           count(*) FILTER (WHERE x.rate_provisional OR x.plan_rate_provisional),
           count(*) FILTER (WHERE x.rate_provisional),
           count(*)
    FROM investments_commitment m
    JOIN investments_investmentplan p ON p.id = m.plan_id
    LEFT JOIN investments_commitmentconversion x ON x.commitment_id = m.id
    WHERE m.plan_id = ANY(plan_ids) AND m.verified_at IS NOT NULL AND p.status = 'approved'
    GROUP BY m.plan_id, m.priority_id
$$;
"""

_COLUMNS = """cost, cost_usd, cost_rates_missing, cost_rates_provisional, cost_count,
        committed, committed_usd, disbursed, disbursed_usd, commitment_rates_missing,
        commitment_usd_rates_missing, commitment_rates_provisional,
        commitment_usd_rates_provisional, commitment_count"""
_SUMS = ", ".join(
    f"COALESCE(sum(f.{name.strip()}), 0)" for name in _COLUMNS.split(",")
)

# Migration 0024 installs this function writing each priority's component too
# (`_with_component` there).
REFRESH = f"""
CREATE OR REPLACE FUNCTION investments_refresh_figures(plan_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- One refresh of a plan at a time: a concurrent writer waits here until this transaction
    -- ends, and its next statements (new snapshots, READ COMMITTED) see what this one wrote.
    PERFORM 1 FROM investments_investmentplan WHERE id = ANY(plan_ids) ORDER BY id
        FOR NO KEY UPDATE;
    PERFORM investments_refresh_conversions(plan_ids);
    DELETE FROM investments_priorityfigures WHERE plan_id = ANY(plan_ids);
    DELETE FROM investments_planfigures WHERE plan_id = ANY(plan_ids);
    WITH f AS MATERIALIZED (SELECT * FROM investments_figure_rows(plan_ids)),
    priorities AS (
        INSERT INTO investments_priorityfigures (priority_id, plan_id, {_COLUMNS})
        SELECT r.id, r.plan_id, {_SUMS}
        FROM investments_priority r LEFT JOIN f ON f.priority_id = r.id
        WHERE r.plan_id = ANY(plan_ids)
        GROUP BY r.id, r.plan_id
    )
    INSERT INTO investments_planfigures (plan_id, {_COLUMNS})
    SELECT p.id, {_SUMS}
    FROM investments_investmentplan p LEFT JOIN f ON f.plan_id = p.id
    WHERE p.id = ANY(plan_ids)
    GROUP BY p.id;
END
$$;
"""

# A rate changes the conversions of the plans in its currency and of the plans with commitments
# in it; a bulk loader (`figures_refreshed_once()`) refreshes every plan once at the end.
_RATE_EVENTS = {"INSERT": ["new_rows"], "UPDATE": ["old_rows", "new_rows"], "DELETE": ["old_rows"]}


def _rate_trigger_function(event):
    currencies = " UNION ".join(f"SELECT currency FROM {rows}" for rows in _RATE_EVENTS[event])
    return f"""
CREATE OR REPLACE FUNCTION investments_exchangerate_figures_{event.lower()}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('gidh.defer_figures', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM investments_refresh_figures(ARRAY(
        SELECT p.id FROM investments_investmentplan p
        WHERE p.currency IN ({currencies})
        UNION
        SELECT m.plan_id FROM investments_commitment m
        WHERE m.currency IN ({currencies})
    ));
    RETURN NULL;
END
$$;
"""


def _rate_trigger(event):
    referencing = {
        "INSERT": "NEW TABLE AS new_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
    }[event]
    name = f"investments_exchangerate_figures_{event.lower()}"
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON investments_exchangerate "
        f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )


TRUNCATED_RATES = """
CREATE OR REPLACE FUNCTION investments_exchangerate_figures() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('gidh.defer_figures', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM investments_refresh_figures(ARRAY(SELECT id FROM investments_investmentplan));
    RETURN NULL;
END
$$;
"""

FORWARD = [
    "DROP TRIGGER IF EXISTS investments_exchangerate_figures ON investments_exchangerate",
    # The figure rows' columns change: a function's result type is not replaced in place.
    "DROP FUNCTION IF EXISTS investments_figure_rows(bigint[])",
    RATE_OF,
    CONVERSIONS,
    ROWS,
    REFRESH,
    TRUNCATED_RATES,
    "CREATE TRIGGER investments_exchangerate_figures AFTER TRUNCATE ON investments_exchangerate "
    "FOR EACH STATEMENT EXECUTE FUNCTION investments_exchangerate_figures()",
]
for _event in _RATE_EVENTS:
    FORWARD += [_rate_trigger_function(_event), _rate_trigger(_event)]
FORWARD.append(
    "SELECT investments_refresh_figures(ARRAY(SELECT id FROM investments_investmentplan))"
)

# Back to migration 0013's functions (`_figures_sql.py`); the figures are refreshed by the next
# write (the provisional counts' columns are still there while this runs).
BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS investments_exchangerate_figures_{event.lower()} "
        "ON investments_exchangerate"
        for event in _RATE_EVENTS
    ),
    *(
        f"DROP FUNCTION IF EXISTS investments_exchangerate_figures_{event.lower()}()"
        for event in _RATE_EVENTS
    ),
    "DROP TRIGGER IF EXISTS investments_exchangerate_figures ON investments_exchangerate",
    "DROP FUNCTION IF EXISTS investments_figure_rows(bigint[])",
    "DROP FUNCTION IF EXISTS investments_refresh_conversions(bigint[])",
    "DROP FUNCTION IF EXISTS investments_rate_of(varchar, integer)",
]
