# Sourced by tools/test.sh: a real headless browser for the letter's accessibility test.
# Chromium and ChromeDriver from Debian's packages (installed when missing and we are
# root), axe-core from the npm registry into .cache/axe (pinned). Exports the paths for
# tests/plan/test_letter_browser.py.
AXE_VERSION="4.14.1"
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing chromium and chromium-driver (Debian packages)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "tools/browser.sh: chromium and chromedriver are missing; install the Debian packages" \
      "chromium and chromium-driver (as root) for the browser test" >&2
  fi
fi
AXE_DIR="${AXE_DIR:-.cache/axe}"
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ] && command -v npm >/dev/null 2>&1; then
  echo "== installing axe-core $AXE_VERSION (npm) into $AXE_DIR" >&2
  mkdir -p "$AXE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" "axe-core@$AXE_VERSION" >/dev/null
fi
export GEZINSPLAN_AXE_JS="$PWD/$AXE_DIR/node_modules/axe-core/axe.min.js"
