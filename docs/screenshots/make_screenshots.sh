#!/usr/bin/env bash
# Saves PNGs of the real window for every scenario at three moments (early: a third of the
# mid-run time below; mid-run; end: 30 s, or where the run ended), in normal and presentation
# mode (F11), into this folder (gallery: README.md here), and the worker pool growing from 3 to
# 8 workers live (grow/, by bench/gorama_grow_workers when the release build has it), and a
# comparison of two settings side by side (compare/).
#
#   cmake --preset release && cmake --build --preset release
#   docs/screenshots/make_screenshots.sh [path/to/gorama]
#
# Each scenario runs on the deterministic runtime (seed 1) to the virtual time given, then the
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
  "share-memory 1s"
  "pitfall-leak 10s"
  "pitfall-deadlock 10s"
  "pitfall-send-on-closed 10s"
  "buffered-vs-unbuffered 2s"
  "buffers-help 2s"
  "close-and-range 400ms"
  "pool-size-vs-cores 100ms"
  "large-values 500ms"
)
listed=$("$gorama" list | grep -E '^[a-z-]+ - ' | cut -d' ' -f1 | sort)
covered=$(printf '%s\n' "${shots[@]}" | cut -d' ' -f1 | sort)
if [[ "$listed" != "$covered" ]]; then
  echo "make_screenshots.sh: the list of scenarios changed; update shots=():" >&2
  diff <(echo "$listed") <(echo "$covered") >&2 || true
  exit 2
fi
# A third of a duration such as 1500ms or 4s, in milliseconds.
third() {
  local d=$1
  if [[ $d == *ms ]]; then echo "$(( ${d%ms} / 3 ))ms"; else echo "$(( ${d%s} * 1000 / 3 ))ms"; fi
}
for shot in "${shots[@]}"; do
  read -r name after extra <<<"$shot"
  for mode in normal f11; do
    flag=""; suffix=""
    if [[ $mode == f11 ]]; then flag="--presentation"; suffix="-f11"; fi
    # shellcheck disable=SC2086
    "$gorama" "$name" --after "$(third "$after")" $flag ${extra:-} --screenshot "$here/$name$suffix-early.png"
    # shellcheck disable=SC2086
    "$gorama" "$name" --after "$after" $flag ${extra:-} --screenshot "$here/$name$suffix.png"
    # shellcheck disable=SC2086
    "$gorama" "$name" --after 30s $flag ${extra:-} --screenshot "$here/$name$suffix-end.png"
  done
done
"$gorama" worker-pool --after 4s --presentation --screenshot "$here/presentation-mode.png"
# Two settings side by side (Run > Compare two settings): the worker pool with 2 vs 6 workers.
mkdir -p "$here/compare"
"$gorama" worker-pool --set workers=2 --compare workers=6 --after 10s \
  --screenshot "$here/compare/worker-pool-2-vs-6.png"
"$gorama" worker-pool --set workers=2 --compare workers=6 --after 10s --presentation \
  --screenshot "$here/compare/worker-pool-2-vs-6-f11.png"
# The ways of the new lessons' scenarios that their defaults do not show: the workers parked at
# mu.Lock() and racing unguarded, a buffer that keeps two jittery stages busy, the pool's reuse.
"$gorama" share-memory --set way=mutex --after 1s --screenshot "$here/share-memory-mutex.png"
"$gorama" share-memory --set way=none --after 250ms --screenshot "$here/share-memory-none.png"
"$gorama" buffers-help --set buffer=8 --after 2s --screenshot "$here/buffers-help-buffer-8.png"
"$gorama" large-values --set way=pool --after 30s --screenshot "$here/large-values-pool-end.png"
grow="$(dirname "$gorama")/../bench/gorama_grow_workers"
if [[ -x "$grow" ]]; then
  "$grow" "$here/grow" 1280x720
fi
