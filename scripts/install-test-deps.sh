#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, from Debian's packages: Chromium for the browser
# tests (playwright-core never downloads a browser here) and Redis for the shared rate-limit tests, which it
# also starts when nothing answers on 127.0.0.1:6379. A no-op when both are there.
set -euo pipefail
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium fonts-noto-core)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing for the tests: ${missing[*]}: run 'sudo apt-get install ${missing[*]}'." >&2
    exit 1
  fi
  echo "Installing Debian's ${missing[*]} for the tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ -z "${TEST_REDIS_URL:-}" ] && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  echo "Starting a throwaway Redis on 127.0.0.1:6379 (no persistence) for the tests..."
  redis-server --port 6379 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.25; done
fi

# The Admin GraphQL schema of the pinned API version (introspection JSON), for the test that validates every
# Admin operation Encore sends (test/infra/shopify/admin-schema.test.ts). Shopify publishes it in the npm package
# @shopify/dev-mcp (dist/data/admin_<version>.json.gz); the tarball is checked against the pinned sha512 and only
# that one file is kept. The version is shopify.app.toml's api_version (a test keeps it equal to the code's).
ADMIN_SCHEMA_PACKAGE="@shopify/dev-mcp@1.16.0"
ADMIN_SCHEMA_INTEGRITY="sha512-tqgRnK7sQhjew+htxtleTH23nXB5fZcsrhWgEkomsorGXvLOB2mh2upwZm8uzuTDNTZnqtLMe64yIwh6s2awtw=="
api_version=$(sed -n 's/^api_version = "\([0-9a-z-]*\)"$/\1/p' "$(dirname "$0")/../shopify.app.toml" | head -n 1)
schema_dir="$(dirname "$0")/../node_modules/.cache/encore-admin-schema"
schema_file="$schema_dir/admin_${api_version}.json.gz"
if [ -n "$api_version" ] && [ ! -s "$schema_file" ]; then
  echo "Fetching the Admin GraphQL schema ${api_version} from ${ADMIN_SCHEMA_PACKAGE}..."
  mkdir -p "$schema_dir"
  work=$(mktemp -d)
  if tarball=$(cd "$work" && npm pack "$ADMIN_SCHEMA_PACKAGE" --silent 2>/dev/null | tail -n 1) && [ -s "$work/$tarball" ]; then
    actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 | tr -d '\n')"
    if [ "$actual" != "$ADMIN_SCHEMA_INTEGRITY" ]; then
      echo "The ${ADMIN_SCHEMA_PACKAGE} tarball does not match its pinned sha512: not used." >&2
    elif tar -xzf "$work/$tarball" -C "$work" "package/dist/data/admin_${api_version}.json.gz" 2>/dev/null; then
      mv "$work/package/dist/data/admin_${api_version}.json.gz" "$schema_file"
    else
      echo "${ADMIN_SCHEMA_PACKAGE} has no schema for ${api_version}: update the package pin." >&2
    fi
  else
    echo "Could not download ${ADMIN_SCHEMA_PACKAGE}: the Admin schema test will fail until it is there." >&2
  fi
  rm -rf "$work"
fi
