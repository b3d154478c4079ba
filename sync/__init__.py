"""Replication, free of Qt: the wire protocol, the client and the central server."""
