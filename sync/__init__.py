"""Replication, free of Qt: the wire protocol, the client and the central server.

Modules:
    protocol     version, limits and message shapes shared by both sides
    dialect      the few SQLite / PostgreSQL differences (placeholders, keys, write lock)
    store        the server's storage (its only SQL), a package of parts: schema, accounts,
                 changes (once by id), scope indexes, rules (who may write what), photos,
                 rows (for backup and restore)
    server       create_app assembles the routes and middleware; serve runs it
    middleware   body limits, gzip request bodies, the protocol version on every answer
    routes       one APIRouter per resource: enrolment, devices, changes, photos (tus 1.0.0
                 on /v1/photos/{sha256}); the store and the token's user as dependencies
    photo_uploads the server's photo folder and uploads in progress: finished once all bytes
                 are there however the server died; expiry, per-device quota
    faults       named fault points the fault tests arm through SITELEDGER_FAULT
    client       the laptop side: push outbox, upload photos, pull by cursor, fetch photos
    local        the laptop's sync state in its workspace (migration 0003_sync; never dumped)
    bundle       sync by file: signed, bounded bundles, applied exactly once
    signing      Ed25519 device keys and the server's attestations of them
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
means nothing waits (the outbox empty, every photo owed confirmed); authorship is the token's
user (the office's workspace relays changes brought in by bundle with their original author,
each checked in that author's scope).

Trust: every change is checked against its entity's declared fields (`forms.entities.check`)
on the server and on every receive, before SQL; a field official writes field records on
projects in scope (by unit and project id, as the record is now and would be); photo rows and
bytes follow the projects their links name; stamps more than a margin ahead are refused;
bundles are signed by a server-attested device key.
"""
