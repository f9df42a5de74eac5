#!/usr/bin/env bash
# System packages the test suite needs: Debian's chromium (real-browser journeys) and pango
# (WeasyPrint PDFs). Installed when missing and running as root; otherwise named, and the run fails.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "system-deps: installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "system-deps: missing ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
exit 1
