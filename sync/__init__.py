"""Replication, free of Qt: the wire protocol, the client and the central server.

Modules:
    protocol     version, limits and message shapes shared by both sides
    dialect      the few SQLite / PostgreSQL differences (placeholders, keys, write lock)
    store        the server's storage: changes once by id, accounts, scope indexes (its only SQL)
    server       FastAPI routes; body limits, gzip, versioning
    photo_routes tus 1.0.0 (core, creation, checksum) on /v1/photos/{sha256}, GET of a photo
    photo_uploads the server's photo folder and uploads in progress: finished once all bytes
                 are there however the server died; expiry, per-device quota
    photo_scope  who may see and upload a photo's bytes (temporary, until Store.photo_visible)
    faults       named fault points the fault tests arm through SITELEDGER_FAULT
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
row naming it — and a photo whose bytes are all there is finished on the next HEAD, PATCH or
start-up, whatever step the server died at; the server takes a photo's bytes only once it holds a
record naming them (the client uploads a photo after its record was acknowledged); `synced`
means nothing waits (the outbox empty, every photo owed confirmed); authorship is the token's user (the office's workspace relays changes brought in
by bundle with their original author).
"""
