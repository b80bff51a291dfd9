"""The whatsmeow engine over engine host processes (connector/enginehost/, Go)."""

from connector.engines.host.kind import HostEngineKind

__all__ = ["HostEngineKind"]
