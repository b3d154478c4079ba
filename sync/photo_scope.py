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

# Per store, the working hashes photo records name, and the last change sequence read into
# it: a miss reads only the changes stored since (names never go away: changes are kept).
_named: weakref.WeakKeyDictionary[Store, tuple[set[str], int]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_FIELD = '"working_sha256":"'


def photo_visible(store: Store, user: User, sha256: str) -> bool:
    """May `user` see (HEAD, GET) and upload the photo whose working copy hashes to `sha256`?"""
    own = getattr(store, "photo_visible", None)
    if own is not None:
        return own(user, sha256)
    return named(store, sha256)


def named(store: Store, sha256: str) -> bool:
    """Does a photo record the server holds name this working copy?"""
    with _lock:
        known, last = _named.get(store, (set(), 0))
        if sha256 in known:
            return True
        with store.connection() as conn:
            rows = conn.all(
                "SELECT seq, body FROM changes WHERE seq > ? AND entity = 'photo' ORDER BY seq",
                [last],
            )
        for seq, body in rows:
            # canonical JSON: the field appears exactly so in the stored body
            at = body.find(_FIELD)
            if at >= 0:
                known.add(body[at + len(_FIELD) : at + len(_FIELD) + 64])
            last = seq
        _named[store] = (known, last)
        return sha256 in known
