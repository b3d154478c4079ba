#!/usr/bin/env bash
# Build the distributable SiteLedger:
#   dist/siteledger/                       one-folder bundle (PyInstaller): runs with no Python
#   dist/siteledger_<version>_amd64.deb    Debian, Ubuntu, Kylin, UOS (Linux only)
#   dist/siteledger-<version>-setup.exe    Windows, when Inno Setup's ISCC is on PATH
#
# The same script runs on Windows under Git Bash (MINGW/MSYS): it builds the bundle there and,
# instead of the .deb, compiles installer/windows/siteledger.iss. See docs/installing.md.
#
#   installer/build-linux.sh [--bundle-only]
#   PYTHON=/path/to/python installer/build-linux.sh    # default: .venv's python
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUNDLE_ONLY=0
[ "${1:-}" = "--bundle-only" ] && BUNDLE_ONLY=1

case "$(uname -s)" in
    MINGW* | MSYS* | CYGWIN*) WINDOWS=1; DEFAULT_PYTHON=.venv/Scripts/python.exe ;;
    *) WINDOWS=0; DEFAULT_PYTHON=.venv/bin/python ;;
esac
PYTHON=${PYTHON:-$DEFAULT_PYTHON}
[ -x "$PYTHON" ] || { echo "build: no Python at $PYTHON (run ./dev.sh setup, or set PYTHON)" >&2; exit 1; }

VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
DIST=$ROOT/dist
WORK=$ROOT/build/pyinstaller

# PyInstaller is the `build` extra; installed only when missing, so a shared venv is left alone.
if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
    "$PYTHON" -m pip install -q "pyinstaller>=6.5"
fi

echo "build: bundle siteledger $VERSION"
rm -rf "$DIST/siteledger"
PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" -m PyInstaller installer/siteledger.spec \
    --distpath "$DIST" --workpath "$WORK" --noconfirm --log-level WARN
echo "$VERSION" > "$DIST/siteledger/VERSION"
[ "$BUNDLE_ONLY" = 1 ] && exit 0

if [ "$WINDOWS" = 1 ]; then
    if command -v iscc >/dev/null || command -v ISCC.exe >/dev/null; then
        ISCC=$(command -v iscc || command -v ISCC.exe)
        "$ISCC" //Q "//DAppVersion=$VERSION" "//DSourceDir=$(cygpath -w "$DIST/siteledger")" \
            "//O$(cygpath -w "$DIST")" installer/windows/siteledger.iss
        echo "build: $DIST/siteledger-$VERSION-setup.exe"
    else
        echo "build: Inno Setup (ISCC) not on PATH; the bundle is in $DIST/siteledger" >&2
    fi
    exit 0
fi

# -- the .deb ----------------------------------------------------------------------------------
DEB_ROOT=$ROOT/build/deb
DEB=$DIST/siteledger_${VERSION}_amd64.deb
rm -rf "$DEB_ROOT"
mkdir -p "$DEB_ROOT/DEBIAN" "$DEB_ROOT/opt" "$DEB_ROOT/usr/bin" \
    "$DEB_ROOT/usr/share/applications" "$DEB_ROOT/usr/share/mime/packages" \
    "$DEB_ROOT/usr/share/icons/hicolor/256x256/apps" "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps" \
    "$DEB_ROOT/usr/share/icons/hicolor/256x256/mimetypes" "$DEB_ROOT/usr/share/doc/siteledger"
cp -a "$DIST/siteledger" "$DEB_ROOT/opt/siteledger"
# Relative, so the package also runs unpacked into any root (CI installs it into a temp folder).
ln -s ../../opt/siteledger/siteledger "$DEB_ROOT/usr/bin/siteledger"
cp installer/linux/siteledger.desktop "$DEB_ROOT/usr/share/applications/"
cp installer/linux/siteledger-mime.xml "$DEB_ROOT/usr/share/mime/packages/siteledger.xml"
cp assets/icons/siteledger.png "$DEB_ROOT/usr/share/icons/hicolor/256x256/apps/siteledger.png"
cp assets/icons/siteledger.svg "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps/siteledger.svg"
cp assets/icons/siteledger.png \
    "$DEB_ROOT/usr/share/icons/hicolor/256x256/mimetypes/application-x-siteledger-bundle.png"
cp installer/linux/copyright "$DEB_ROOT/usr/share/doc/siteledger/copyright"
for script in postinst postrm; do
    install -m 0755 "installer/linux/$script" "$DEB_ROOT/DEBIAN/$script"
done
SIZE=$(du -sk "$DEB_ROOT" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@SIZE@/$SIZE/" installer/linux/control > "$DEB_ROOT/DEBIAN/control"
# Files owned by root in the package whoever builds it; gzip is quick and every dpkg reads it.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$DEB_ROOT" "$DEB" >/dev/null
echo "build: $DEB ($(du -h "$DEB" | cut -f1))"
