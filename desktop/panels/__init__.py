"""Extra panels, menu actions and status widgets from other parts of the app (photos, documents,
sync). Every module here is imported at start and registers itself with `desktop.extensions`."""
