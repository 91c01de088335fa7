#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need, idempotently:
#   * Debian's Chromium at /usr/bin/chromium (apt-get, as root), when it is missing;
#   * the Python playwright package in the active Python environment, when it is missing;
#   * axe-core for the accessibility checks (the axe-playwright-python package, which bundles
#     axe.min.js; the tests read that file and inject it themselves).
# It never runs `playwright install`: Playwright's own browser download fails on closed
# networks, and the tests drive Debian's Chromium through `executable_path` instead.
# Non-interactive (works with CI=true). Prints what it did.
#
# Usage: scripts/install_browser.sh            (uses $PYTHON, else the active venv's python)
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [[ -n "${PYTHON:-}" ]]; then
  py="$PYTHON"
elif [[ -n "${VIRTUAL_ENV:-}" && -x "$VIRTUAL_ENV/bin/python" ]]; then
  py="$VIRTUAL_ENV/bin/python"
else
  py="$(command -v python3 || command -v python)"
fi

# --- Chromium ------------------------------------------------------------------------------
if [[ -x "$CHROMIUM" ]]; then
  echo "chromium: already installed ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
else
  if [[ "$(id -u)" -eq 0 ]]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
  else
    echo "chromium: $CHROMIUM is missing and this user cannot install Debian packages (not root, no sudo)." >&2
    echo "          Run as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
  echo "chromium: installing Debian's package (apt-get update && apt-get install -y chromium) ..."
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  echo "chromium: installed ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
fi

# --- playwright (Python package only; no browser download) -----------------------------------
if "$py" -c "import playwright.sync_api" 2>/dev/null; then
  echo "playwright: already installed in $py ($("$py" -m pip show playwright 2>/dev/null | sed -n 's/^Version: //p'))"
else
  echo "playwright: installing the Python package into $py ..."
  "$py" -m pip install --quiet "playwright>=1.45"
  echo "playwright: installed ($("$py" -m pip show playwright 2>/dev/null | sed -n 's/^Version: //p'))"
fi
# --- axe-core (the accessibility checks of tests/browser): axe.min.js as bundled by this package --
if "$py" -c "import axe_playwright_python" 2>/dev/null; then
  echo "axe-core: already installed in $py (axe-playwright-python $("$py" -m pip show axe-playwright-python 2>/dev/null | sed -n 's/^Version: //p'))"
else
  echo "axe-core: installing axe-playwright-python (it bundles axe.min.js) into $py ..."
  "$py" -m pip install --quiet "axe-playwright-python==0.1.8"
  echo "axe-core: installed"
fi
echo "Browser tests can run: pytest tests/browser"
