#!/usr/bin/env bash
# Regenerates the video fixtures of tests/unit/media_video_probe_test.cpp in this folder.
# Small (each well under 60 KB) and reproducible: bitexact muxing and encoding, no
# metadata, single-threaded encoders, so a rerun gives the same bytes on the same ffmpeg.
#   tests/data/video/make_fixtures.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command -v ffmpeg >/dev/null || { echo "ffmpeg is missing (apt-get install ffmpeg)" >&2; exit 1; }

ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }
exact=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1 -threads 1)
picture() { echo "testsrc2=size=$1:rate=${3:-30}:duration=$2"; }
tone() { echo "sine=frequency=440:sample_rate=48000:duration=$1"; }
x264=(-c:v libx264 -preset veryfast -crf 36 -pix_fmt yuv420p -x264-params threads=1)

# The good ones: what staff are told to export.
ff -f lavfi -i "$(picture 320x180 2)" -f lavfi -i "$(tone 2)" "${x264[@]}" -c:a aac -b:a 32k \
   -movflags +faststart "${exact[@]}" ok.mp4
ff -f lavfi -i "$(picture 320x180 2)" -f lavfi -i "$(tone 2)" \
   -c:v libvpx-vp9 -b:v 100k -deadline good -cpu-used 4 -row-mt 0 -g 60 -pix_fmt yuv420p \
   -c:a libopus -b:a 24k "${exact[@]}" ok.webm
ff -f lavfi -i "$(picture 320x180 2)" "${x264[@]}" -movflags +faststart "${exact[@]}" silent.mp4

# Cut short, as an interrupted copy leaves them: the index (faststart) or the header
# still promises the whole clip. The WebM keeps 40 %: its first keyframe is most of the
# bytes, and what is left must end more than the 1 s slack the probe allows short.
head -c $(($(stat -c %s ok.mp4) * 6 / 10)) ok.mp4 >truncated.mp4
head -c $(($(stat -c %s ok.webm) * 4 / 10)) ok.webm >truncated.webm

# Wrong content for the name, or no video at all.
cp ok.webm webm-named.mp4
: >zero.mp4
printf 'This is the lobby video, honest.\nIt is really a text file.\n' >notvideo.mp4
ff -f lavfi -i "$(tone 2)" -c:a aac -b:a 32k "${exact[@]}" audio-only.mp4

# Playable elsewhere but not by the terminals' promise: MPEG-4 Part 2, and wider than 4K.
ff -f lavfi -i "$(picture 320x180 2)" -c:v mpeg4 -q:v 31 "${exact[@]}" mpeg4.mp4
ff -f lavfi -i "$(picture 4096x64 0.2 10)" "${x264[@]}" "${exact[@]}" huge.mp4

ls -l ./*.mp4 ./*.webm
