"""Who may see, fetch and upload a photo's bytes — a TEMPORARY stand-in for `Store.photo_visible`.

Issue 10 gives photos the scope of the project they are linked to, in `sync/store.py`
(`Store.photo_visible(user, sha256)`). Until that lands, the photo routes ask this module, which
delegates to the store's method when there is one. Its own rule, meanwhile: a photo's bytes
exist for a caller once a photo record the server holds names them (its `working_sha256`) —
the same photos every user already pulls the records of today. Bytes for a photo no record names
are refused, so the server never stores a blob that nothing refers to. The record is pushed
before the photo (the client uploads a photo only once the change naming it was acknowledged),
so "the record that names a photo may arrive before the photo does" holds, and never the other
way round.
"""

from __future__ import annotations

import threading
import weakref

from .store import Store, User

# Per store, the hashes found named: names never go away (changes are kept for ever).
_named: weakref.WeakKeyDictionary[Store, set[str]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def photo_visible(store: Store, user: User, sha256: str) -> bool:
    """May `user` see (HEAD, GET) and upload the photo whose working copy hashes to `sha256`?"""
    own = getattr(store, "photo_visible", None)
    if own is not None:
        return own(user, sha256)
    return named(store, sha256)


def named(store: Store, sha256: str) -> bool:
    """Does a photo record the server holds name this working copy?"""
    if sha256 in _named.get(store, ()):
        return True
    # Canonical JSON: the field appears exactly so in the stored body.
    pattern = f'%"working_sha256":"{sha256}"%'
    with store.connection() as conn:
        found = conn.one(
            "SELECT 1 FROM changes WHERE entity = 'photo' AND body LIKE ? LIMIT 1", [pattern]
        )
    if found is not None:
        with _lock:
            _named.setdefault(store, set()).add(sha256)
    return found is not None
