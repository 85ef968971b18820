"""Clearinghouse connectors (file drop, SFTP, built-in payer simulator) behind one interface."""

from rcm.clearinghouse.connector import (
    ClearinghouseConnector,
    ConnectorNotConfigured,
    ControlNumberReused,
    InboundFile,
    SendReceipt,
    make_connector,
)

__all__ = [
    "ClearinghouseConnector",
    "ConnectorNotConfigured",
    "ControlNumberReused",
    "InboundFile",
    "SendReceipt",
    "make_connector",
]
