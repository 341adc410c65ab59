#!/usr/bin/env bash
# Debian packages the lab (Flask apps, PostgreSQL) and the browser-rendered reports need.
# Idempotent: installs only what is missing.
set -euo pipefail
PACKAGES=(python3-flask python3-jwt python3-bcrypt python3-boto3 python3-psycopg2 python3-cryptography
  postgresql chromium poppler-utils)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
