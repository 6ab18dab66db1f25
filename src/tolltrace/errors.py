"""One exception tree for everything tolltrace raises on purpose.

    TolltraceError
    ├── InputError            an input could not be read (carries `source` and `reason`)
    ├── ModelNotInstalledError the spaCy model package is missing
    ├── LedgerError           the ledger file is unusable (not SQLite, newer schema, locked)
    └── SettingsError         a settings or alias file is malformed

Each message is one line that names the input and, where there is one, the fix.
"""

from __future__ import annotations


class TolltraceError(Exception):
    """Base of every error tolltrace raises on purpose."""


class InputError(TolltraceError):
    """An input could not be read; the run skips it and goes on unless told to be strict."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelNotInstalledError(TolltraceError):
    def __init__(self, package: str, model: str) -> None:
        super().__init__(
            f"the spaCy model {model!r} is not installed; install it with "
            f"'pip install {package}' (or run 'make test' / 'make run', which pin and verify it)"
        )


class LedgerError(TolltraceError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class SettingsError(TolltraceError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
