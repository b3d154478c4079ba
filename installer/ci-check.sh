#!/usr/bin/env bash
# CI: build the bundle and the .deb, install the .deb into a throwaway root, run the installed
# app there with no Python of its own (command line and the window, offscreen), then remove and
# purge the package and check the user's workspace is still there.
#   installer/ci-check.sh            (PYTHON as for build-linux.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)
installer/build-linux.sh
BUILT=$(date +%s)
VERSION=$(cat dist/siteledger/VERSION)
DEB=dist/siteledger_${VERSION}_amd64.deb

ROOT=$(mktemp -d /tmp/siteledger-root.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/var/lib/dpkg/info" "$ROOT/var/lib/dpkg/updates" "$ROOT/home/official"
touch "$ROOT/var/lib/dpkg/status"
# The root holds no libraries of its own: the host's satisfy Depends, and maintainer scripts run
# outside it (with DPKG_ROOT set), as for any install into a chroot being built.
DPKG=(dpkg --root="$ROOT" --force-depends --force-script-chrootless --force-not-root --log=/dev/null)
"${DPKG[@]}" -i "$DEB" >"$ROOT/dpkg.log" 2>&1 || { cat "$ROOT/dpkg.log" >&2; exit 1; }
test -x "$ROOT/usr/bin/siteledger"
grep -q '^MimeType=application/x-siteledger-bundle;' "$ROOT/usr/share/applications/siteledger.desktop"
grep -q 'pattern="\*.slbundle"' "$ROOT/usr/share/mime/packages/siteledger.xml"
test -s "$ROOT/usr/share/icons/hicolor/256x256/apps/siteledger.png"
ls "$ROOT"/opt/siteledger/_internal/assets/fonts/*.ttf >/dev/null
test -s "$ROOT/opt/siteledger/_internal/desktop/translations/siteledger_en.qm"
for plugin in libqoffscreen.so libqxcb.so; do
    test -f "$ROOT/opt/siteledger/_internal/PySide6/Qt/plugins/platforms/$plugin"
done

# No Python on PATH, none in the environment: the bundle brings its own.
run() {
    env -i PATH=/usr/bin:/bin HOME="$ROOT/home/official" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        "$ROOT/usr/bin/siteledger" "$@"
}
run demo | grep -q 'demo workspace ready'
WS="$ROOT/home/official/.local/share/SiteLedger"
test -f "$WS/workspace.sqlite"
run dump > "$ROOT/dump.json"
grep -q '"projects"' "$ROOT/dump.json"
run --home "$ROOT/ws2" demo >/dev/null
# SQLCipher, argon2 and AES-GCM are in the bundle too: encrypt, then read it back.
run --home "$ROOT/ws3" demo --projects 5 --visits 5 --problems 5 >/dev/null
env -i PATH=/usr/bin:/bin HOME="$ROOT/home/official" SITELEDGER_PASSWORD=ci-check-password \
    "$ROOT/usr/bin/siteledger" --home "$ROOT/ws3" encrypt | grep -q 'workspace encrypted'
env -i PATH=/usr/bin:/bin HOME="$ROOT/home/official" SITELEDGER_PASSWORD=ci-check-password \
    "$ROOT/usr/bin/siteledger" --home "$ROOT/ws3" dump | grep -q '"projects"'
run --home "$ROOT/ws2" app --quit-after 2 2> "$ROOT/app.log" || { cat "$ROOT/app.log" >&2; exit 1; }
grep -q 'window shown' "$ROOT/app.log" || { cat "$ROOT/app.log" >&2; exit 1; }

# Uninstall keeps user data: remove, then purge, and the workspace is untouched.
"${DPKG[@]}" --purge siteledger >"$ROOT/dpkg.log" 2>&1 || { cat "$ROOT/dpkg.log" >&2; exit 1; }
test ! -e "$ROOT/opt/siteledger" && test ! -e "$ROOT/usr/bin/siteledger"
test -f "$WS/workspace.sqlite"
echo "installer: bundle and $DEB built in $((BUILT - START)) s; installed, ran (CLI, window), purged (user data kept) in $(($(date +%s) - BUILT)) s"
