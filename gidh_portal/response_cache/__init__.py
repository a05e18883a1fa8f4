"""Caching of anonymous pages and public API responses in the shared cache (Redis).

- Only GET requests without credentials are cached: no `Authorization` header and no cookie
  but the language and CSRF cookies (a session or messages cookie means a logged-in user or
  a pending message, and bypasses the cache). Only 200 responses that set no cookie are kept.
- The key holds the method, scheme, host, full path with its query string, the active
  language, the `Accept` header (API format negotiation) and the **data versions** of the three
  apps. The services bump their app's version after their transaction commits
  (`data_changed("investments")`), so the next request misses and renders fresh data; nothing
  is ever served stale past a committed write. Admin writes bump every version, and so do
  `manage.py restore` and `manage.py seed_demo` (`every_data_changed()`).
- Pages carry a CSRF token (the language switcher's form): it is stored as a placeholder and
  each hit gets the requester's own token (and CSRF cookie), never someone else's.
- Cached and fresh responses carry an `ETag` (of the stored body) and a `Last-Modified` (the
  latest data version); Django's ConditionalGetMiddleware answers 304 to a matching
  `If-None-Match` / `If-Modified-Since`.

`RESPONSE_CACHE=0` turns it off (the benchmark measures both); `RESPONSE_CACHE_SECONDS` bounds
how long an entry lives (default 600 s, for what depends on the date rather than the data).
"""

from .middleware import ResponseCacheMiddleware
from .versions import (
    APPS,
    VERSION_KEYS,
    changes_data,
    data_changed,
    data_version,
    data_versions,
    every_data_changed,
)
