"""Errors a person can cause. Each carries a message fit to show as it is."""


class UserError(Exception):
    """Something the user can fix: bad file, wrong argument, unusable workspace."""


class WorkspaceError(UserError):
    """The workspace cannot be opened or written."""


class NewerSchemaError(WorkspaceError):
    """The workspace was written by a newer SiteLedger."""
