"""A request that contradicts the current state of a record: every app's services raise it (or a
subclass naming the case, e.g. the review workflow's `StaleVersion`), pages show its message
and the API answers 409 with its `code` (gidh_portal/api_errors.py)."""


class ConflictError(Exception):
    """A request that contradicts the current state of a record (HTTP 409 in the API)."""

    code = "conflict"

    def __init__(self, message, **extra):
        super().__init__(message)
        self.extra = extra
