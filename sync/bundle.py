"""Sync by file: a bundle of changes and photos carried on a USB stick between separated networks.

A bundle is a zip file:

    manifest.json   who made it (server, device), which part of its journal it carries
                    (`through`), what it has received from each peer (`acks`), the SHA-256 of
                    changes.jsonl, and for each photo its size and the originals it belongs to
    changes.jsonl   one change per line, canonical JSON, in journal order
    photos/<sha>    the working copies the records name that the maker holds, by their own hash
    attestation.json  the server's signed statement of the maker's device and key
    signature       the maker's Ed25519 signature of manifest.json (hex)

Only a workspace enrolled on a server makes or takes bundles: the importer verifies the
attestation against its own server's key (so a bundle for another server, or from a device the
server never enrolled, is refused), the signature against the attested key (so the manifest,
and through its hashes every byte, is the signer's), and that the signer is not revoked.
Authorship is the signer's: a field official's bundle is recorded as theirs whatever its body
says, and may carry only field records; only an office device relays others' changes. Sizes and
counts are bounded from the zip's directory before anything is read.

Export writes everything the peers have not acknowledged; import verifies every byte before it
applies anything, installs each photo at its laptop path (the working path of each original it
belongs to) before the records naming it, then applies the changes (idempotent by id) and records the bundle's id in the same
transaction, so importing the same bundle twice or a newer bundle overlapping an older one
applies each change exactly once. A truncated or altered bundle is refused with nothing applied.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from forms.changes import ChangeConflict
from forms.errors import UserError
from forms.ids import new_id
from forms.store import sync as sync_tables
from forms.workspace import Workspace

from . import laptop_state, photo_files, signing
from .protocol import MAX_PHOTO, is_sha256
from .store import FIELD_ENTITIES, FIELD_PROJECT_FIELDS

FORMAT = "siteledger-bundle"
VERSION = 3  # 2: photos are working copies, with the originals they belong to; 3: signed
# Bounds checked from the zip directory before anything is read (declared sizes: the zip reader
# never yields more than a member declares, so these bound memory and disk too).
MAX_MANIFEST = 16 * 1024 * 1024  # bytes: the photo list of a large bundle fits
MAX_CHANGES_BYTES = 256 * 1024 * 1024  # changes.jsonl, uncompressed
MAX_CHANGES = 500_000
MAX_PHOTOS = 50_000
MAX_TOTAL = 64 * 1024**3  # everything, uncompressed
MAX_LINE = 1024 * 1024  # one change
FIXED = ("manifest.json", "changes.jsonl", "attestation.json", "signature")


class BundleError(UserError):
    """The bundle cannot be used; nothing of it was applied."""


@dataclass(frozen=True)
class ImportResult:
    bundle_id: str
    from_device: str
    changes: int
    new_changes: int
    photos: int
    already_imported: bool


def export(ws: Workspace, path: Path) -> tuple[int, int]:
    """Write a bundle of every change the known peers lack; returns (changes, photos)."""
    signer = _signer(ws)
    acked, through, acks = sync_tables.bundle_window(ws.conn)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    changes_digest = hashlib.sha256()
    count = 0
    referenced = photo_files.referenced_photos(ws.db, ws.photos_dir)
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("changes.jsonl", "w") as out:
            for (body,) in sync_tables.journal_bodies(ws.conn, acked, through):
                line = body.encode() + b"\n"
                changes_digest.update(line)
                out.write(line)
                count += 1
        photos: dict[str, dict] = {}
        for sha, group in _by_working_hash(referenced).items():
            here = next((p.path for p in group if p.path.exists()), None)
            if here is not None:
                plain = photo_files.read_working(here, ws.photo_key)  # the bundle carries plain
                if plain is None:
                    z.write(here, f"photos/{sha}", compress_type=zipfile.ZIP_STORED)
                else:
                    z.writestr(f"photos/{sha}", plain, compress_type=zipfile.ZIP_STORED)
                photos[sha] = {
                    "size": here.stat().st_size if plain is None else len(plain),
                    "originals": sorted(p.original for p in group),
                }
        manifest = json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "bundle_id": new_id(),
                "server_id": signer["attestation"]["server_id"],
                "signer": signer["attestation"]["device_id"],
                "from_device": ws.device_id,
                "created_at": laptop_state.now(),
                "through": through,
                "acks": acks,
                "changes": count,
                "changes_sha256": changes_digest.hexdigest(),
                "photos": photos,
            },
            sort_keys=True,
            ensure_ascii=False,
        ).encode()
        z.writestr("manifest.json", manifest)
        z.writestr(
            "attestation.json",
            json.dumps(
                {"attestation": signer["attestation"], "signature": signer["signature"]},
                sort_keys=True,
            ),
        )
        z.writestr("signature", signing.sign(signer["key"], manifest))
    with open(temp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(temp, path)
    with ws.transaction():  # a peer can acknowledge no more than was ever exported
        if through > int(laptop_state.get(ws, "bundle_exported_through", "0") or 0):
            laptop_state.put(ws, bundle_exported_through=through)
    return count, len(photos)


def _signer(ws: Workspace) -> dict:
    key = laptop_state.get_secret(ws, "signing_key")
    attestation = laptop_state.get(ws, "attestation")
    if not key or not attestation:
        raise BundleError(
            "此工作区尚未在服务器注册（或注册于签名之前，请先联网同步一次），不能生成同步文件"
        )
    return {
        "key": key,
        "attestation": json.loads(attestation),
        "signature": laptop_state.get(ws, "attestation_signature"),
    }


def _by_working_hash(
    referenced: list[photo_files.LaptopPhoto],
) -> dict[str, list[photo_files.LaptopPhoto]]:
    groups: dict[str, list[photo_files.LaptopPhoto]] = {}
    for photo in sorted(referenced, key=lambda p: (p.working, p.original)):
        groups.setdefault(photo.working, []).append(photo)
    return groups


def import_(ws: Workspace, path: Path) -> ImportResult:
    """Verify the whole bundle, then apply it once; raises BundleError with nothing applied."""
    try:
        with zipfile.ZipFile(path) as z:
            _bounded(z)
            signer, manifest = _signed(ws, z)
            manifest, changes = _verified(z, manifest, signer)
            if sync_tables.bundle_imported(ws.conn, manifest["bundle_id"]):
                return ImportResult(
                    manifest["bundle_id"], manifest["from_device"], len(changes), 0, 0, True
                )
            _only_own_news(ws, changes, signer)  # before any file is written
            photos = _install_photos(ws, z, manifest["photos"])
    except ChangeConflict as e:
        raise BundleError(f"同步文件与本机记录矛盾，未导入任何内容（{e}）") from e
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
    ) as e:  # a damaged or hand-made entry, whatever it breaks: one plain line
        raise BundleError(f"同步文件已损坏或不完整，未导入任何内容（{str(e)[:200]}）") from e
    except OSError as e:
        raise BundleError(f"无法读取同步文件 {path}：{e.strerror or e}") from e
    try:
        new = _apply(ws, manifest, changes, signer)
    except ChangeConflict as e:
        raise BundleError(f"同步文件与本机记录矛盾，未导入任何内容（{e}）") from e
    return ImportResult(
        manifest["bundle_id"], manifest["from_device"], len(changes), new, photos, False
    )


def _bounded(z: zipfile.ZipFile) -> None:
    """Refuse, from the zip's directory alone, a bundle too big to read safely or with members
    that are not part of the format."""
    members = z.infolist()
    if len(members) > len(FIXED) + MAX_PHOTOS:
        raise BundleError("同步文件中的条目过多，未导入任何内容")
    total = 0
    for member in members:
        name, size = member.filename, member.file_size
        if name.startswith("photos/") and is_sha256(name.removeprefix("photos/")):
            limit = MAX_PHOTO
        elif name in FIXED:
            limit = MAX_CHANGES_BYTES if name == "changes.jsonl" else MAX_MANIFEST
        else:
            raise BundleError("同步文件中有不认识的条目，未导入任何内容")
        if size > limit:
            raise BundleError(f"同步文件中的 {name} 过大，未导入任何内容")
        total += size
    if total > MAX_TOTAL:
        raise BundleError("同步文件解压后过大，未导入任何内容")


def _signed(ws: Workspace, z: zipfile.ZipFile) -> tuple[dict, dict]:
    """The signer's attestation and the manifest, once both signatures verify against this
    workspace's own server; BundleError otherwise."""
    server_key, server_id = laptop_state.get(ws, "server_key"), laptop_state.get(ws, "server_id")
    if not server_key:
        raise BundleError("此工作区尚未在服务器注册，无法验证同步文件，未导入任何内容")
    carried = json.loads(z.read("attestation.json"))
    signer = signing.attested(server_key, carried.get("attestation"), carried.get("signature"))
    if signer is None:
        raise BundleError("同步文件不是本服务器注册的设备生成的（签名无法验证），未导入任何内容")
    if signer["server_id"] != server_id:
        raise BundleError("同步文件属于另一台服务器，未导入任何内容")
    if laptop_state.revoked(ws, signer["device_id"]):
        raise BundleError("生成同步文件的设备已被撤销，未导入任何内容")
    manifest_bytes = z.read("manifest.json")
    if not signing.verify(signer["public_key"], manifest_bytes, z.read("signature").decode()):
        raise BundleError("同步文件校验失败（签名不符，清单被改动），未导入任何内容")
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BundleError("不是 SiteLedger 同步文件，或由不兼容的版本生成")
    if (
        manifest.get("server_id") != signer["server_id"]
        or manifest.get("signer") != signer["device_id"]
        or manifest.get("from_device") != signer["workspace_device"]
    ):
        raise BundleError("同步文件的清单与其签名设备不符，未导入任何内容")
    return signer, manifest


def _verified(z: zipfile.ZipFile, manifest: dict, signer: dict) -> tuple[dict, list[dict]]:
    digest = hashlib.sha256()
    changes: list[dict] = []
    with z.open("changes.jsonl") as f:
        for line in f:
            digest.update(line)
            if len(changes) >= MAX_CHANGES or len(line) > MAX_LINE:
                raise BundleError("同步文件中的变更过多或过长，未导入任何内容")
            if line.strip():
                try:
                    changes.append(json.loads(line))
                except ValueError as e:
                    raise BundleError("同步文件中的变更不是有效的 JSON，未导入任何内容") from e
    if digest.hexdigest() != manifest["changes_sha256"]:
        raise BundleError("同步文件校验失败（变更被改动或截断），未导入任何内容")
    if len(changes) != manifest["changes"]:
        raise BundleError("同步文件中的变更数目与清单不符，未导入任何内容")
    _good, bad = laptop_state.checked(changes)
    if bad:
        raise BundleError(
            f"同步文件中有 {len(bad)} 条变更不合记录格式（{bad[0][1][:200]}），未导入任何内容"
        )
    changes = _authored(changes, signer)
    photos = manifest["photos"]
    if not isinstance(photos, dict):
        raise BundleError("同步文件的照片清单格式不对，未导入任何内容")
    for sha, entry in photos.items():
        originals = entry.get("originals") if isinstance(entry, dict) else None
        if (
            not is_sha256(sha)
            or not isinstance(originals, list)
            or not originals
            or not all(isinstance(o, str) and is_sha256(o) for o in originals)
        ):
            raise BundleError("同步文件的照片清单格式不对，未导入任何内容")
        digest = hashlib.sha256()
        with z.open(f"photos/{sha}") as f:
            while block := f.read(1024 * 1024):
                digest.update(block)
        if digest.hexdigest() != sha or z.getinfo(f"photos/{sha}").file_size != entry.get("size"):
            raise BundleError(f"同步文件中的照片 {sha[:12]}… 与其哈希不符，未导入任何内容")
    return manifest, changes


def _authored(changes: list[dict], signer: dict) -> list[dict]:
    """Authorship is the signer's, never the body's: an office device relays others' changes
    with their authors (as the server lets it); anyone else's bundle is theirs, and may carry
    only what they may record in the field (the server checks the projects again on relay)."""
    if signer["role"] == "office":
        return changes
    for change in changes:
        entity = change["entity"]
        field_work = entity in FIELD_ENTITIES or (
            entity == "project" and set(change["fields"]) <= FIELD_PROJECT_FIELDS
        )
        if not field_work and change.get("device") == signer["workspace_device"]:
            raise BundleError("同步文件中有只有专班办公室才能修改的基础数据，未导入任何内容")
    return [
        {**c, "author_id": signer["user_id"]}
        if c.get("device") == signer["workspace_device"]
        else c
        for c in changes
    ]


def _install_photos(ws: Workspace, z: zipfile.ZipFile, photos: dict[str, dict]) -> int:
    """Each working copy at the laptop path of every original it belongs to, whole and renamed
    into place, before the records that name it (the bundle is verified already)."""
    count = 0
    for sha, entry in photos.items():
        for original in entry["originals"]:
            final = photo_files.laptop_path(ws.photos_dir, original)
            if final.exists():
                continue
            with z.open(f"photos/{sha}") as f:
                chunks = iter(lambda: f.read(1 << 20), b"")
                if not photo_files.write_photo(final, sha, chunks, ws.photo_key):
                    raise BundleError(f"照片 {sha[:12]}… 与其哈希不符")
            count += 1
    return count


def _only_own_news(ws: Workspace, changes: list[dict], signer: dict) -> None:
    """A field laptop passes on others' changes only as copies of what we hold already: what
    is new to us from it must be its own."""
    if signer["role"] == "office":
        return
    if any(
        c.get("device") != signer["workspace_device"] for c in laptop_state.drop_known(ws, changes)
    ):
        raise BundleError("同步文件中有不是该设备记录、本机也没有的变更，未导入任何内容")


def _acked(ws: Workspace, manifest: dict) -> int:
    """How much of our journal the peer says it holds: never more than we ever exported (an
    inflated acknowledgement would make our next bundle leave changes out)."""
    acks = manifest.get("acks")
    claimed = acks.get(ws.device_id, 0) if isinstance(acks, dict) else 0
    if not isinstance(claimed, int) or claimed < 0:
        raise BundleError("同步文件的确认记录格式不对，未导入任何内容")
    return min(claimed, int(laptop_state.get(ws, "bundle_exported_through", "0") or 0))


def _apply(ws: Workspace, manifest: dict, changes: list[dict], signer: dict) -> int:
    peer = manifest["from_device"]
    relay = laptop_state.get(ws, "role") == "office"
    with ws.transaction():
        fresh = laptop_state.drop_known(ws, changes)
        _only_own_news(ws, fresh, signer)
        new = ws.receive(fresh, origin="bundle")
        if relay:
            # The office's workspace forwards what laptops bring on file to the server.
            sync_tables.queue(ws.conn, [change["id"] for change in fresh])
        sync_tables.note_bundle(
            ws.conn,
            manifest["bundle_id"],
            peer,
            _acked(ws, manifest),
            int(manifest["through"]),
            laptop_state.now(),
            new,
        )
    return new
