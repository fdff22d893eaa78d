#!/usr/bin/env bash
# Fails when the console has a string the Vietnamese translation does not know: lupdate scans
# the sources into a copy of herder_vi.ts (the checked-in file is left alone) and any entry left
# unfinished is listed. Fix: `cmake --build <dir> --target update_translations`, translate.
#
#   check-translations.sh LUPDATE SOURCE_DIR
set -euo pipefail
LUPDATE="$1"
SRC="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$SRC/resources/translations/herder_vi.ts" "$work/herder_vi.ts"
"$LUPDATE" -silent -no-obsolete -locations none "$SRC/ui" "$SRC/app/herder" -ts "$work/herder_vi.ts"
missing="$(grep -c 'type="unfinished"' "$work/herder_vi.ts" || true)"
if [[ "$missing" != 0 ]]; then
    echo "herder_vi.ts lacks $missing translation(s) of the console's current strings:" >&2
    grep -B2 'type="unfinished"' "$work/herder_vi.ts" | grep '<source>' | sed 's/^ */  /' >&2
    exit 1
fi
echo "herder_vi.ts covers every console string"
