#!/usr/bin/env bash
# Keeps the arrows of docs/ARCHITECTURE.md: each area of player/ may include headers only
# of the areas it depends on, and player/ never includes the app (kiosk/).
#   check_area_includes.sh SOURCE_ROOT
# Exit 0 when every #include keeps the arrows; 1 with one `file:line: message` per
# offending include otherwise; 2 on bad usage.
set -uo pipefail

if (($# != 1)) || [[ ! -d "$1/player" ]]; then
  echo "usage: check_area_includes.sh SOURCE_ROOT (the directory holding player/)" >&2
  exit 2
fi
cd "$1" || exit 2

# The areas each area may include besides itself. Keep in step with player/CMakeLists.txt
# (which links the same graph) and the picture in docs/ARCHITECTURE.md.
declare -A allowed=(
  [core]=""
  [text]="core"
  [raster]="text core"
  [render]="raster text core"
  [bundle]="core"
  [content]="bundle core text"
  [access]="core"
  [sync]="bundle core"
  [alerts]="bundle core"
  [schedule]="content bundle core"
  [transit]="core"
  [media]="core"
)

status=0
for dir in player/*/; do
  area=$(basename "$dir")
  if [[ -z "${allowed[$area]+set}" ]]; then
    echo "$dir: area '$area' has no rule in tests/tools/check_area_includes.sh; add one (and a library in player/CMakeLists.txt)"
    status=1
    continue
  fi
  ok=" $area ${allowed[$area]} "
  # -o prints file:line:match for every quoted include of another player area or of kiosk/.
  while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    target=${rest#*:}
    if [[ "$target" =~ \"kiosk/ ]]; then
      echo "$file:$line: player/$area includes the app ($target); the arrows go kiosk -> player only"
      status=1
      continue
    fi
    [[ "$target" =~ \"player/([a-z_]+)/ ]] || continue
    used=${BASH_REMATCH[1]}
    if [[ "$ok" != *" $used "* ]]; then
      echo "$file:$line: player/$area must not include player/$used ($target); $area may use only: $area ${allowed[$area]}"
      status=1
    fi
  done < <(grep -rnoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(player|kiosk)/[^"]*"' \
             --include='*.h' --include='*.hpp' --include='*.cpp' --include='*.cc' "$dir" |
           sed -E 's/:[[:space:]]*#[[:space:]]*include[[:space:]]*/:/')
done
exit $status
