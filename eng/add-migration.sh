#!/usr/bin/env bash
# Adds a migration named $1 to both providers, so their schemas never drift apart.
set -euo pipefail
name="${1:?usage: eng/add-migration.sh MigrationName}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project src/Vern --startup-project src/Vern \
    --context "${provider}AppDb" \
    --output-dir "Data/${provider}/Migrations"
done
