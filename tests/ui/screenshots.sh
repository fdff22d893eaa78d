#!/usr/bin/env bash
# Screenshots of the console for review: runs `herder --demo` under a virtual X server, lets
# the demo run for a while so charts move and tables fill, and has herder grab its own pages
# (dashboard, dead letters, logs) and the settings dialog's pages (settings.png, settings-2.png,
# ...) as PNG files. Builds nothing.
#
#   tests/ui/screenshots.sh BUILD_DIR [OUT_DIR] [DELAY_S]
#
# BUILD_DIR holds app/herder (e.g. build/dev); OUT_DIR defaults to ./screenshots; DELAY_S
# (default 20) is how long the demo runs before the first screenshot: charts move within a
# few seconds, but the demo's first malformed events reach the dead letters after ~15 s.
set -euo pipefail

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  usage
  exit $(( $# < 1 ? 2 : 0 ))
fi
build_dir=$1
out_dir=${2:-./screenshots}
delay_s=${3:-20}

herder=$build_dir/app/herder
if [[ ! -x $herder ]]; then
  echo "screenshots.sh: no herder executable at $herder (build the 'herder' target first)" >&2
  exit 2
fi
if ! command -v xvfb-run >/dev/null; then
  echo "screenshots.sh: xvfb-run is missing (apt-get install xvfb)" >&2
  exit 2
fi
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

# A throwaway configuration home: the console creates its default INI there, never in ~.
config_home=$(mktemp -d)
trap 'rm -rf "$config_home"' EXIT

XDG_CONFIG_HOME=$config_home LANG=${LANG:-C.UTF-8} \
  timeout $(( delay_s + 120 )) \
  xvfb-run -a -s "-screen 0 1400x900x24" \
  "$herder" --demo --screenshots "$out_dir" --screenshots-delay "$delay_s"

missing=0
for name in dashboard dlq logs settings; do
  if [[ -s $out_dir/$name.png ]]; then
    echo "$out_dir/$name.png"
  else
    echo "screenshots.sh: $name.png was not written" >&2
    missing=1
  fi
done
exit $missing
