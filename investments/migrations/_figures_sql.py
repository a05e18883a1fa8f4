"""SQL of the stored figures as migrations 0006 and 0012 created them. Migration 0014 replaced
`investments_figure_rows()`, `investments_refresh_figures()` and the exchange rates' trigger
(`_money_sql.py`: the money rule once, the stored conversions); the per-table triggers below
are still the ones in use.

SQL of the stored figures (`PlanFigures`, `PriorityFigures`): one function that recomputes
the figures of some plans, and statement-level triggers (with transition tables, so a bulk
insert or a queryset update recomputes each touched plan once) that call it.

The money rules are those of `investments.models` (its module docstring), written as joins:
- the rate of (currency, year) is the row of `investments_exchangerate` for the year, or for the
  latest published year when the year is later; missing → NULL, left out of sums and counted;
- each converted row is rounded to the cent, then summed; a commitment in its plan's currency
  keeps its amount in the plan currency; otherwise amount × (plan rate / own rate), rounded;
- commitments count when verified and their plan is approved.
A bulk loader may set `gidh.defer_figures` for its transaction and refresh the touched plans once
at the end (`investments.models.figures_refreshed_once`).
`tests/investments/test_figures.py` checks them against the computed QuerySets after every kind
of write, and two concurrent writers to one plan.
"""

ROWS = """
CREATE OR REPLACE FUNCTION investments_figure_rows(plan_ids bigint[])
RETURNS TABLE (
    plan_id bigint, priority_id bigint,
    cost numeric, cost_usd numeric, cost_rates_missing bigint, cost_count bigint,
    committed numeric, committed_usd numeric, disbursed numeric, disbursed_usd numeric,
    commitment_rates_missing bigint, commitment_usd_rates_missing bigint, commitment_count bigint
)
LANGUAGE sql STABLE AS $$
    WITH latest AS (SELECT max(year) AS year FROM investments_exchangerate)
    SELECT r.plan_id, r.id,
           sum(c.amount), sum(round(c.amount / x.units_per_usd, 2)),
           count(c.id) FILTER (WHERE x.units_per_usd IS NULL), count(c.id),
           NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric, 0::bigint, 0::bigint,
           0::bigint
    FROM investments_priority r
    JOIN investments_investmentplan p ON p.id = r.plan_id
    JOIN investments_prioritycost c ON c.priority_id = r.id
    CROSS JOIN latest
    LEFT JOIN investments_exchangerate x
           ON x.currency = p.currency AND x.year = LEAST(c.year, latest.year)
    WHERE r.plan_id = ANY(plan_ids)
    GROUP BY r.plan_id, r.id
    UNION ALL
    SELECT m.plan_id, m.priority_id, NULL, NULL, 0, 0,
           sum(CASE WHEN m.currency = p.currency THEN COALESCE(m.committed_amount, 0.00)
                    ELSE round(COALESCE(m.committed_amount, 0.00)
                               * (pr.units_per_usd / cr.units_per_usd), 2) END),
           sum(round(COALESCE(m.committed_amount, 0.00) / cr.units_per_usd, 2)),
           sum(CASE WHEN m.currency = p.currency THEN COALESCE(m.disbursed_amount, 0.00)
                    ELSE round(COALESCE(m.disbursed_amount, 0.00)
                               * (pr.units_per_usd / cr.units_per_usd), 2) END),
           sum(round(COALESCE(m.disbursed_amount, 0.00) / cr.units_per_usd, 2)),
           count(*) FILTER (WHERE cr.units_per_usd IS NULL OR pr.units_per_usd IS NULL),
           count(*) FILTER (WHERE cr.units_per_usd IS NULL),
           count(*)
    FROM investments_commitment m
    JOIN investments_investmentplan p ON p.id = m.plan_id
    CROSS JOIN latest
    LEFT JOIN investments_exchangerate cr
           ON cr.currency = m.currency AND cr.year = LEAST(m.year, latest.year)
    LEFT JOIN investments_exchangerate pr
           ON pr.currency = p.currency AND pr.year = LEAST(m.year, latest.year)
    WHERE m.plan_id = ANY(plan_ids) AND m.verified_at IS NOT NULL AND p.status = 'approved'
    GROUP BY m.plan_id, m.priority_id
$$;
"""

_SUMS = """
           COALESCE(sum(f.cost), 0), COALESCE(sum(f.cost_usd), 0),
           COALESCE(sum(f.cost_rates_missing), 0), COALESCE(sum(f.cost_count), 0),
           COALESCE(sum(f.committed), 0), COALESCE(sum(f.committed_usd), 0),
           COALESCE(sum(f.disbursed), 0), COALESCE(sum(f.disbursed_usd), 0),
           COALESCE(sum(f.commitment_rates_missing), 0),
           COALESCE(sum(f.commitment_usd_rates_missing), 0),
           COALESCE(sum(f.commitment_count), 0)"""
_COLUMNS = """cost, cost_usd, cost_rates_missing, cost_count, committed, committed_usd,
        disbursed, disbursed_usd, commitment_rates_missing, commitment_usd_rates_missing,
        commitment_count"""

REFRESH = f"""
CREATE OR REPLACE FUNCTION investments_refresh_figures(plan_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- One refresh of a plan at a time: a concurrent writer waits here until this transaction
    -- ends, and its next statements (new snapshots, READ COMMITTED) see what this one wrote.
    PERFORM 1 FROM investments_investmentplan WHERE id = ANY(plan_ids) ORDER BY id
        FOR NO KEY UPDATE;
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

# table → SQL selecting the touched plan ids from a transition table named {rows}
TOUCHED = {
    "investments_investmentplan": "SELECT id FROM {rows}",
    "investments_priority": "SELECT plan_id FROM {rows}",
    "investments_prioritycost": (
        "SELECT r.plan_id FROM {rows} t JOIN investments_priority r ON r.id = t.priority_id"
    ),
    "investments_commitment": "SELECT plan_id FROM {rows}",
}
EVENTS = {"INSERT": ["new_rows"], "UPDATE": ["old_rows", "new_rows"], "DELETE": ["old_rows"]}


def _trigger_function(table, event):
    selects = " UNION ".join(TOUCHED[table].format(rows=rows) for rows in EVENTS[event])
    return f"""
CREATE OR REPLACE FUNCTION {table}_figures_{event.lower()}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- `investments.figures.figures_refreshed_once()`: a bulk loader refreshes once at the end.
    IF current_setting('gidh.defer_figures', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM investments_refresh_figures(ARRAY({selects}));
    RETURN NULL;
END
$$;
"""


def _trigger(table, event):
    referencing = {
        "INSERT": "NEW TABLE AS new_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
    }[event]
    return (
        f"CREATE TRIGGER {table}_figures_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {referencing} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {table}_figures_{event.lower()}()"
    )


EXCHANGE_RATES = """
CREATE OR REPLACE FUNCTION investments_exchangerate_figures() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A rate (or a new latest year) can change any plan's figures.
    PERFORM investments_refresh_figures(ARRAY(SELECT id FROM investments_investmentplan));
    RETURN NULL;
END
$$;
"""

# The trigger functions alone (CREATE OR REPLACE): migration 0012 gave them the deferral check.
TRIGGER_FUNCTIONS = [
    _trigger_function(table, event) for table in TOUCHED for event in EVENTS
]

FORWARD = [ROWS, REFRESH]
BACKWARD = []
for _table in TOUCHED:
    for _event in EVENTS:
        FORWARD += [_trigger_function(_table, _event), _trigger(_table, _event)]
        BACKWARD += [
            f"DROP TRIGGER IF EXISTS {_table}_figures_{_event.lower()} ON {_table}",
            f"DROP FUNCTION IF EXISTS {_table}_figures_{_event.lower()}()",
        ]
FORWARD += [
    EXCHANGE_RATES,
    "CREATE TRIGGER investments_exchangerate_figures AFTER INSERT OR UPDATE OR DELETE OR "
    "TRUNCATE ON investments_exchangerate FOR EACH STATEMENT "
    "EXECUTE FUNCTION investments_exchangerate_figures()",
    "SELECT investments_refresh_figures(ARRAY(SELECT id FROM investments_investmentplan))",
]
BACKWARD += [
    "DROP TRIGGER IF EXISTS investments_exchangerate_figures ON investments_exchangerate",
    "DROP FUNCTION IF EXISTS investments_exchangerate_figures()",
    "DROP FUNCTION IF EXISTS investments_refresh_figures(bigint[])",
    "DROP FUNCTION IF EXISTS investments_figure_rows(bigint[])",
]
