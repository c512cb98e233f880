#!/usr/bin/env bash
# Rewrites 0001_initial.sql for both engines from the EF model. Only for the initial schema before its first
# release; after that, add NNNN_name.sql files by hand (see docs/decisions/0001-migrations-as-sql-per-engine.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet build src/Otdel -v q -nologo >/dev/null
for p in sqlite postgres; do
  { echo "-- 0001_initial ($p): generated from the EF model by scripts/regenerate-initial-migration.sh"; \
    dotnet artifacts/bin/Otdel/debug/Otdel.dll schema-script --provider "$p"; } > "src/Otdel/Data/Migrations/$p/0001_initial.sql"
done
dotnet build src/Otdel -v q -nologo >/dev/null
echo "regenerated src/Otdel/Data/Migrations/{sqlite,postgres}/0001_initial.sql"
