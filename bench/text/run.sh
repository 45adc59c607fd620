#!/usr/bin/env bash
# Text pipeline benchmark: builds text_bench (and pango_layout_bench) if needed, generates
# the corpus into a temporary directory, runs both on it and prints `name: value unit`
# lines, ending with our/pango ratios. See README.md.
#
#   bench/text/run.sh            # BUILD_DIR=/tmp/tbench JOBS=2 by default
#   BUILD_DIR=build bench/text/run.sh
#   OUT=results.txt bench/text/run.sh   # also keep the output
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-/tmp/tbench}"
JOBS="${JOBS:-2}"
BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"

for tool in cmake python3 cc pkg-config; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done
if ! pkg-config --exists pangocairo; then
    echo "run.sh: pango development files are missing: apt-get install libpango1.0-dev" >&2
    exit 1
fi

configure() { # SRC BUILD
    if [[ ! -f "$2/CMakeCache.txt" ]]; then
        cmake -S "$1" -B "$2" -DKIOSK_BENCH=ON -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >&2
    else
        cmake -S "$1" -B "$2" -DKIOSK_BENCH=ON >/dev/null
    fi
}

# text_bench: from the project's own build when bench/CMakeLists.txt includes text/,
# otherwise from a stand-alone wrapper project that adds the repo and bench/text.
if grep -Eq '^[[:space:]]*add_subdirectory\([[:space:]]*text[[:space:]]*\)' "$ROOT/bench/CMakeLists.txt"; then
    configure "$ROOT" "$BUILD_DIR"
    cmake --build "$BUILD_DIR" --target text_bench -j"$JOBS" >&2
    TEXT_BENCH="$BUILD_DIR/bench/text/text_bench"
    CMAKE_BUILD="$BUILD_DIR"
else
    WRAP_SRC="${BUILD_DIR}-standalone-src"
    WRAP_BUILD="${BUILD_DIR}-standalone"
    mkdir -p "$WRAP_SRC"
    cat >"$WRAP_SRC/CMakeLists.txt.new" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(kiosk_text_bench C CXX)
add_subdirectory("$ROOT" kiosk)
add_subdirectory("$HERE" text)
CMAKE
    cmp -s "$WRAP_SRC/CMakeLists.txt.new" "$WRAP_SRC/CMakeLists.txt" 2>/dev/null ||
        mv "$WRAP_SRC/CMakeLists.txt.new" "$WRAP_SRC/CMakeLists.txt"
    rm -f "$WRAP_SRC/CMakeLists.txt.new"
    configure "$WRAP_SRC" "$WRAP_BUILD"
    cmake --build "$WRAP_BUILD" --target text_bench -j"$JOBS" >&2
    TEXT_BENCH="$WRAP_BUILD/text/text_bench"
    CMAKE_BUILD="$WRAP_BUILD"
fi

PANGO_BENCH="$BUILD_DIR/pango_layout_bench"
mkdir -p "$BUILD_DIR"
if [[ ! -x "$PANGO_BENCH" || "$HERE/pango_layout_bench.c" -nt "$PANGO_BENCH" ]]; then
    # shellcheck disable=SC2046
    cc -O2 -Wall -Wextra "$HERE/pango_layout_bench.c" $(pkg-config --cflags --libs pangocairo) -o "$PANGO_BENCH"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 "$HERE/make_corpus.py" "$WORK/corpus.tsv"

{
    echo "bench_commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "bench_build_type: $(grep -m1 '^CMAKE_BUILD_TYPE' "$CMAKE_BUILD/CMakeCache.txt" 2>/dev/null | cut -d= -f2 || echo unknown)"
    echo "bench_loadavg_1min: $(cut -d' ' -f1 /proc/loadavg) load"
    echo "bench_cpus: $(nproc) cpus"
    "$TEXT_BENCH" "$WORK/corpus.tsv"
    "$PANGO_BENCH" "$WORK/corpus.tsv" --px 32 --width 1200
} >"$WORK/results.txt"

awk -F': ' '
    { split($2, v, " "); val[$1] = v[1]; print }
    END {
        if (val["pango_layout_cold_paragraphs_per_s"] > 0)
            printf "ratio_layout_cold_ours_over_pango: %.3g x\n",
                val["layout_cold_paragraphs_per_s"] / val["pango_layout_cold_paragraphs_per_s"]
        if (val["pango_layout_cold_cpu_paragraphs_per_s"] > 0)
            printf "ratio_layout_cold_cpu_ours_over_pango: %.3g x\n",
                val["layout_cold_cpu_paragraphs_per_s"] / val["pango_layout_cold_cpu_paragraphs_per_s"]
        if (val["pango_layout_repeat_best_cpu_paragraphs_per_s"] > 0)
            printf "ratio_layout_repeat_best_cpu_ours_over_pango: %.3g x\n",
                val["layout_repeat_best_cpu_paragraphs_per_s"] / val["pango_layout_repeat_best_cpu_paragraphs_per_s"]
        if (val["pango_layout_repeat_best_paragraphs_per_s"] > 0)
            printf "ratio_layout_repeat_best_ours_over_pango: %.3g x\n",
                val["layout_repeat_best_paragraphs_per_s"] / val["pango_layout_repeat_best_paragraphs_per_s"]
        if (val["pango_layout_cold_paragraphs_per_s"] > 0)
            printf "ratio_cache_hit_ours_over_pango_cold: %.3g x\n",
                val["cache_hit_paragraphs_per_s"] / val["pango_layout_cold_paragraphs_per_s"]
    }' "$WORK/results.txt" | { if [[ -n "${OUT:-}" ]]; then tee "$OUT"; else cat; fi; }
