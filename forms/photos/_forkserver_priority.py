"""Preloaded by the photo workers' fork server only (never imported by the application):
lowers the server's priority, which every worker forked from it inherits."""

from .background import lower_priority

lower_priority()
