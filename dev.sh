#!/usr/bin/env bash
# One entry point for a fresh Debian/Ubuntu machine:
#   ./dev.sh run     set everything up, then open SiteLedger (a demo workspace if it is empty)
#   ./dev.sh test    set everything up, then run the whole test suite
#   ./dev.sh setup   set everything up only
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv

# System libraries Qt needs to open a window, poppler for reading PDFs back in tests,
# PostgreSQL for the server's province backend tests.
APT_PACKAGES=(
    python3-venv python3-pip
    libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
    libxcb-render-util0 libxcb-image0 libxcb-xinerama0
    poppler-utils
    postgresql
)

need_apt() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "Installing system packages: ${missing[*]}"
        $sudo apt-get update -q
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
    fi
}

setup() {
    if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
        need_apt
    fi
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e '.[dev]'
}

case "${1:-run}" in
    setup) setup ;;
    run) setup; shift || true; exec "$VENV/bin/siteledger" "$@" ;;
    test)
        setup; shift || true
        "$VENV/bin/ruff" check forms sync desktop tests benchmarks
        "$VENV/bin/ruff" format --check -q forms sync desktop tests benchmarks
        QT_QPA_PLATFORM=offscreen exec "$VENV/bin/python" -m pytest -q "$@" ;;
    *) echo "usage: ./dev.sh [run|test|setup]" >&2; exit 2 ;;
esac
