"""One exception tree for the monitor.

    MonitorError            anything the CLI turns into one clear line and exit code 2
    ├── ConfigError         a config or register file is wrong: names the file, entry and field
    ├── SourceError         the NPCC response could not be read or parsed
    ├── StoreError          the database cannot be opened, migrated or locked
    └── DeliveryError       the digest could not be delivered
    DocumentError           (apart) a plan document we cannot read: evidence about one page,
                            never the monitor failing, so no MonitorError

One force's fetch failing is never an exception: it becomes a FetchResult and then a status.
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error the monitor raises on purpose."""

    #: what the user should do next; printed after the message by the CLI
    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint

    def __str__(self) -> str:
        message = super().__str__()
        return f"{message}. {self.hint}" if self.hint else message


class ConfigError(MonitorError):
    hint = "Fix the file and run again."


class SourceError(MonitorError):
    hint = "Check the source URL in config/monitor.toml ([source]) and your network, then run again."


class StoreError(MonitorError):
    hint = "Check the --db path and that no other process holds it."


class DeliveryError(MonitorError):
    hint = "Check the [digest.smtp] settings; the digest stays in the outbox and is sent next time."


class DocumentError(Exception):
    """The bytes are not a document we can read (documents.py and its readers)."""
