"""Sync by file: a bundle of changes and photos carried on a USB stick between separated networks.

A bundle is a zip file:

    manifest.json   who made it, which part of its journal it carries (`through`), what it has
                    received from each peer (`acks`), the SHA-256 of changes.jsonl, and for each
                    photo its size and the originals it is the working copy of
    changes.jsonl   one change per line, canonical JSON, in journal order
    photos/<sha>    the working copies the records name that the maker holds, by their own hash
    checksum        SHA-256 of manifest.json

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
from forms.workspace import Workspace

from . import local, photo_files
from .protocol import is_sha256

FORMAT = "siteledger-bundle"
VERSION = 2  # 2: photos are working copies, with the originals they belong to


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
    acked = ws.db.execute("SELECT MIN(acked_through) FROM sync_peers").fetchone()[0] or 0
    through = ws.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM changes").fetchone()[0]
    acks = dict(ws.db.execute("SELECT device, received_through FROM sync_peers"))
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    changes_digest = hashlib.sha256()
    count = 0
    referenced = photo_files.referenced_photos(ws.db, ws.photos_dir)
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("changes.jsonl", "w") as out:
            for (body,) in ws.db.execute(
                "SELECT body FROM changes WHERE rowid > ? AND rowid <= ? ORDER BY rowid",
                [acked, through],
            ):
                line = body.encode() + b"\n"
                changes_digest.update(line)
                out.write(line)
                count += 1
        photos: dict[str, dict] = {}
        for sha, group in _by_working_hash(referenced).items():
            here = next((p.path for p in group if p.path.exists()), None)
            if here is not None:
                z.write(here, f"photos/{sha}", compress_type=zipfile.ZIP_STORED)
                photos[sha] = {
                    "size": here.stat().st_size,
                    "originals": sorted(p.original for p in group),
                }
        manifest = json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "bundle_id": new_id(),
                "from_device": ws.device_id,
                "created_at": local.now(),
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
        z.writestr("checksum", hashlib.sha256(manifest).hexdigest())
    with open(temp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(temp, path)
    return count, len(photos)


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
            manifest, changes = _verified(z)
            already = (
                ws.db.execute(
                    "SELECT 1 FROM sync_bundles WHERE bundle_id = ?", [manifest["bundle_id"]]
                ).fetchone()
                is not None
            )
            if already:
                return ImportResult(
                    manifest["bundle_id"], manifest["from_device"], len(changes), 0, 0, True
                )
            photos = _install_photos(ws, z, manifest["photos"])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError) as e:
        raise BundleError(f"同步文件已损坏或不完整，未导入任何内容（{e}）") from e
    except OSError as e:
        raise BundleError(f"无法读取同步文件 {path}：{e.strerror or e}") from e
    try:
        new = _apply(ws, manifest, changes)
    except ChangeConflict as e:
        raise BundleError(f"同步文件与本机记录矛盾，未导入任何内容（{e}）") from e
    return ImportResult(
        manifest["bundle_id"], manifest["from_device"], len(changes), new, photos, False
    )


def _verified(z: zipfile.ZipFile) -> tuple[dict, list[dict]]:
    manifest_bytes = z.read("manifest.json")
    if z.read("checksum").decode().strip() != hashlib.sha256(manifest_bytes).hexdigest():
        raise BundleError("同步文件校验失败（清单被改动），未导入任何内容")
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BundleError("不是 SiteLedger 同步文件，或由不兼容的版本生成")
    data = z.read("changes.jsonl")
    if hashlib.sha256(data).hexdigest() != manifest["changes_sha256"]:
        raise BundleError("同步文件校验失败（变更被改动或截断），未导入任何内容")
    try:
        changes = [json.loads(line) for line in data.splitlines() if line]
    except ValueError as e:
        raise BundleError("同步文件中的变更不是有效的 JSON，未导入任何内容") from e
    _good, bad = local.checked(changes)
    if bad:
        raise BundleError(
            f"同步文件中有 {len(bad)} 条变更不合记录格式（{bad[0][1][:200]}），未导入任何内容"
        )
    if len(changes) != manifest["changes"]:
        raise BundleError("同步文件中的变更数目与清单不符，未导入任何内容")
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
                if not photo_files.write_photo(final, sha, iter(lambda: f.read(1 << 20), b"")):
                    raise BundleError(f"照片 {sha[:12]}… 与其哈希不符")
            count += 1
    return count


def _apply(ws: Workspace, manifest: dict, changes: list[dict]) -> int:
    peer = manifest["from_device"]
    relay = local.get(ws, "role") == "office"
    with ws.transaction():
        fresh = local.drop_known(ws, changes)
        new = ws.receive(fresh, origin="bundle")
        if relay:
            # The office's workspace forwards what laptops bring on file to the server.
            for change in fresh:
                ws.db.execute("INSERT OR IGNORE INTO outbox (change_id) VALUES (?)", [change["id"]])
        ws.db.execute(
            "INSERT INTO sync_peers (device, acked_through, received_through) VALUES (?, ?, ?)"
            " ON CONFLICT(device) DO UPDATE SET"
            " acked_through = MAX(acked_through, excluded.acked_through),"
            " received_through = MAX(received_through, excluded.received_through)",
            [peer, int(manifest["acks"].get(ws.device_id, 0)), int(manifest["through"])],
        )
        ws.db.execute(
            "INSERT INTO sync_bundles (bundle_id, from_device, imported_at, new_changes)"
            " VALUES (?, ?, ?, ?)",
            [manifest["bundle_id"], peer, local.now(), new],
        )
    return new
