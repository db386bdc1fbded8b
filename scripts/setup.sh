#!/usr/bin/env bash
# Installs what building and testing cx-metrics needs, skipping whatever is
# already there. Everything comes from package registries (crates.io, npm,
# Debian), nothing from other websites.
#
#   bash scripts/setup.sh            Rust wasm target, wasm-bindgen CLI, npm packages
#   bash scripts/setup.sh --browser  the same, plus what the tests need besides:
#                                    Debian's Chromium (browser tests), Debian's
#                                    Java and PyPI's pyspark (the warehouse test),
#                                    PyPI's lifetimes (reference values of the CLV models)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)"; exit 1; }
command -v node >/dev/null || { echo "node not found: install Node.js 18 or later"; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

wb_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (a few minutes, once)"
  # No --locked: the registry mirror may lack the newest versions of a few
  # of its dependencies.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

if [ "$want_browser" = 1 ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  say "installing Chromium from Debian"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the browser tests: apt-get install chromium (or set CHROMIUM_PATH)"; exit 1
  fi
fi

# The warehouse test runs the SQL recipes in Apache Spark (local mode).
apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "the warehouse test needs: apt-get install $*"; exit 1
  fi
}
if [ "$want_browser" = 1 ]; then
  if ! command -v java >/dev/null; then
    say "installing Java (for Apache Spark) from Debian"
    apt_install openjdk-17-jre-headless
  fi
  if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
    say "installing Python and pip from Debian"
    apt_install python3 python3-pip
  fi
  if ! python3 -c "import pyspark" >/dev/null 2>&1; then
    say "installing pyspark from PyPI (a minute, once)"
    python3 -m pip install --quiet --disable-pip-version-check pyspark 2>/dev/null \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages pyspark
  fi
  if ! python3 -c "import lifetimes" >/dev/null 2>&1; then
    say "installing lifetimes from PyPI (reference values of the CLV models)"
    python3 -m pip install --quiet --disable-pip-version-check lifetimes 2>/dev/null \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages lifetimes
  fi
fi
