"""Scalars of the parser fuzzers: the registry's trees layer and hostile strings,
numbers, dates and timestamps."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from layers.registry.domains import default_registry

REGISTRY = default_registry()
TREES = REGISTRY.get("trees")
LAYERS = [spec.id for spec in REGISTRY]
#: Seconds one call may take; generous for a loaded 2-core CI machine, yet far below the
#: seconds a pathological filter used to cost.
DEADLINE_MS = 1_000

# ---------------------------------------------------------------------------- scalars
#: Strings with what breaks naive code: quotes, backslashes, NUL, surrogates' neighbours,
#: Greek, right-to-left text, CQL2 keywords.
NASTY_STRINGS = st.one_of(
    st.text(max_size=24),
    st.sampled_from(
        ["", "'", "''", '"', "\\", "%", "_", "\x00", "a\x00b", "Δέντρο", "\u202e", "NOT", "'); --"]
    ),
)
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
HUGE = st.sampled_from([2**31, 2**63, -(2**63) - 1, 10**30, -(10**30), 1e308, -1e308, 5e-324])
NUMBERS = st.one_of(st.integers(-1000, 1000), FLOATS, HUGE)
VALID_DATES = st.dates().map(dt.date.isoformat)
BAD_DATES = st.sampled_from(
    [
        "2015-13-45",
        "0000-00-00",
        "2019-02-29",
        "9999-12-31",
        "0001-01-01",
        "2020-1-1",
        "",
        "..",
        "x",
    ]
)
DATES = st.one_of(VALID_DATES, BAD_DATES, st.text(max_size=12))
TIMESTAMPS = st.one_of(
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-12))])).map(
        lambda t: t.isoformat().replace("+00:00", "Z")
    ),
    st.sampled_from(
        [
            "2015-13-45T00:00:00Z",
            "2020-01-01T25:00:00Z",
            "9999-12-31T23:59:59-01:00",
            "0001-01-01T00:00:00+01:00",
            "2020-01-01T00:00:00+99:00",
            "2020-01-01T00:00:00",
        ]
    ),
    st.text(max_size=24),
)
