"""Form definitions as data: one JSON file per definition version, ``<id>.v<version>.json``."""
