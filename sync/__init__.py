"""Replication, free of Qt: the wire protocol, the client and the central server.

Modules:
    protocol     version, limits and message shapes shared by both sides
    dialect      the few SQLite / PostgreSQL differences (placeholders, keys, write lock)
    store        the server's storage: changes once by id, accounts, scope indexes (its only SQL)
    server       FastAPI routes; photos by SHA-256, resumable; body limits, gzip, versioning
    client       the laptop side: push outbox, upload photos, pull by cursor, fetch photos
    local        the laptop's sync state in its workspace (migration 0003_sync; never dumped)
    bundle       sync by file: verified bundles, applied exactly once
    conflicts    ledger fields two devices wrote differently; keep or choose the other value
    photo_files  the adapter to forms.photos: working copies by hash, their laptop paths

Rules kept everywhere (docs/sync.md): a push counts only after the server's commit; a
change refused by the server is set aside with its reason and never blocks the queue; the pull
cursor is stored in the transaction that applied its page; the server serves pulls only up to
a watermark (writers are serialised, so sequence numbers commit in order); a photo counts only
when every byte is there and matches its hash, and is fsynced and renamed into place before the
row naming it; authorship is the token's user (the office's workspace relays changes brought in
by bundle with their original author).
"""
