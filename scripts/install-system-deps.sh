#!/usr/bin/env bash
# Install the Debian packages the test suite needs when missing: PostgreSQL 15, Chromium, fonts,
# poppler-utils (pdftotext, pdfsig: checking PDFs independently), Pango (WeasyPrint), SoftHSM (PKCS#11
# signing tests), NSS tools (certutil, so pdfsig can check trust) and Tesseract with Vietnamese data
# (the text layer of digitised scans). `install-system-deps.sh bench` adds wrk, the load generator
# of the throughput benchmarks.
# Runs apt only as root; otherwise says what is missing and stops.
set -euo pipefail
packages=(postgresql-15 chromium fonts-liberation fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0
  softhsm2 libnss3-tools tesseract-ocr tesseract-ocr-vie)
if [ "${1:-}" = "bench" ]; then packages+=(wrk); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian package starts a system cluster; the tests use their own throwaway one.
if command -v pg_ctlcluster >/dev/null 2>&1; then pg_ctlcluster 15 main stop >/dev/null 2>&1 || true; fi
