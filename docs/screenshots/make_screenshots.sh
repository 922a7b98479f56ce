#!/usr/bin/env bash
# Saves a PNG of the real window for every scenario in mid-run, into this folder.
#
#   cmake --preset release && cmake --build --preset release --target gorama
#   docs/screenshots/make_screenshots.sh [path/to/gorama]
#
# Each scenario runs on the deterministic runtime (seed 1) to the virtual time below, then the
# whole window is saved: canvas, parameters, charts and listing as a user sees them. Runs on the
# offscreen platform with a 1920x1080 screen (a projector), so no display is needed; set
# QT_QPA_PLATFORM=xcb under xvfb-run to go through X instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gorama="${1:-$here/../../build/release/app/gorama}"
if [[ -z "${QT_QPA_PLATFORM:-}" ]]; then
  screen=$(mktemp --suffix=.json)
  trap 'rm -f "$screen"' EXIT
  echo '{"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1920, "height": 1080,
         "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}' >"$screen"
  export QT_QPA_PLATFORM="offscreen:configfile=$screen"
fi

# scenario  virtual time  extra options: chosen where each pattern shows what it teaches
shots=(
  "intro 1500ms"
  "worker-pool 4s"
  "fan-out-fan-in 1s"
  "pipeline 3s"
  "pipeline-cancel 1900ms"
  "rate-limit 2s"
  "context-timeout-retry 1200ms"
  "select-default 1500ms"
  "pitfall-leak 10s"
  "pitfall-deadlock 10s"
  "pitfall-send-on-closed 10s"
  "buffered-vs-unbuffered 2s"
  "close-and-range 400ms"
  "pool-size-vs-cores 100ms"
)
listed=$("$gorama" list | grep -E '^[a-z-]+ - ' | cut -d' ' -f1 | sort)
covered=$(printf '%s\n' "${shots[@]}" | cut -d' ' -f1 | sort)
if [[ "$listed" != "$covered" ]]; then
  echo "make_screenshots.sh: the list of scenarios changed; update shots=():" >&2
  diff <(echo "$listed") <(echo "$covered") >&2 || true
  exit 2
fi
for shot in "${shots[@]}"; do
  read -r name after extra <<<"$shot"
  # shellcheck disable=SC2086
  "$gorama" "$name" --after "$after" ${extra:-} --screenshot "$here/$name.png"
done
"$gorama" worker-pool --after 4s --presentation --screenshot "$here/presentation-mode.png"
