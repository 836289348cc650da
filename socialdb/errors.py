"""Domain errors: what a user can fix gets a clear one-line message, never a traceback."""


class SocialDBError(Exception):
    """Base class for errors the CLI prints as one line with a non-zero exit."""

    exit_code = 3


class DatabaseLockedError(SocialDBError):
    """Another process holds DuckDB's single write lock for longer than we waited."""

    exit_code = 4


class NotFoundError(SocialDBError):
    """A profile, tag, post, run or action that the user named does not exist."""

    exit_code = 5


class ValidationError(SocialDBError):
    """Input that breaks a rule of the domain (bad colour, bad action type, ...)."""

    exit_code = 6


class ConflictError(SocialDBError):
    """The change would break uniqueness or a state transition (duplicate tag, ...)."""

    exit_code = 7


class StorageFullError(SocialDBError):
    """The disk (or quota) holding the database is full: nothing half-written was kept."""

    exit_code = 8
