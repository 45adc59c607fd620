#!/usr/bin/env bash
# Regenerates content/demo-ward/videos/: three short stand-in clips for the sample bundle
# (a lobby welcome loop, an evacuation route, a sign-language clip with Japanese and
# English captions), drawn by ffmpeg's own sources so no footage or font is needed.
# Reproducible on the same ffmpeg: bitexact muxing and encoding, fixed seeds, no metadata,
# single-threaded encoders. Each clip stays under 400 KB (a bundle syncs over slow links).
#   scripts/make_demo_videos.sh
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/content/demo-ward/videos"
mkdir -p "$out"
cd "$out"

command -v ffmpeg >/dev/null || { echo "ffmpeg is missing (apt-get install ffmpeg)" >&2; exit 1; }

ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }
exact=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1 -threads 1)
x264=(-c:v libx264 -preset slow -pix_fmt yuv420p -x264-params threads=1 -g 60)
# A quiet tone: something to prove the sound path, never loud in a lobby.
tone() { echo "sine=frequency=$1:sample_rate=48000:duration=$2,volume=0.08"; }

# Lobby welcome: slowly turning colour gradients with two big plain shapes drifting
# across. drawbox cannot move with time in this ffmpeg, so moving shapes are overlays
# (whose x/y are evaluated per frame).
ff -f lavfi -i "gradients=s=1280x720:r=30:d=8:seed=7:speed=0.004:c0=0x1d4e6b:c1=0x3f8f7a" \
   -f lavfi -i "color=c=0xf2efe6:s=360x360:r=30:d=8" \
   -f lavfi -i "color=c=0xe8b04a:s=220x220:r=30:d=8" \
   -f lavfi -i "$(tone 220 8)" \
   -filter_complex "[0][1]overlay=x='160+60*t':y=180:eval=frame[a];\
[a][2]overlay=x='900-40*t':y='300+30*sin(2*PI*t/8)':eval=frame,format=yuv420p[v]" \
   -map "[v]" -map 3 "${x264[@]}" -crf 30 -c:a aac -b:a 48k -movflags +faststart \
   "${exact[@]}" lobby-welcome.mp4

# Evacuation route: a dark Game of Life field in blocks, with green "way out" bars
# marching to the right along a corridor.
ff -f lavfi -i "life=s=160x90:r=10:seed=42:ratio=0.08:mold=20:life_color=0x3a4a5a:\
death_color=0x101418:mold_color=0x182028" \
   -f lavfi -i "color=c=0x14a050:s=160x60:r=30:d=10" \
   -f lavfi -i "$(tone 330 10)" \
   -filter_complex "[0]scale=1280:720:flags=neighbor,fps=30,trim=duration=10,\
drawbox=x=0:y=330:w=1280:h=60:color=0xf2efe6:t=fill[bg];\
[bg][1]overlay=x='mod(t*320,1440)-160':y=330:eval=frame,format=yuv420p[v]" \
   -map "[v]" -map 2 -c:v libvpx-vp9 -b:v 200k -deadline good -cpu-used 4 -row-mt 0 -g 90 \
   -c:a libopus -b:a 24k "${exact[@]}" evacuation-route.webm

# Sign-language stand-in (4:3, as interpreter clips are): a plain figure, body and head,
# whose two hands move in front of it as a signer's would.
ff -f lavfi -i "color=c=0x2b3a4a:s=960x720:r=30:d=12" \
   -f lavfi -i "color=c=0xf0c8a0:s=90x90:r=30:d=12" \
   -f lavfi -i "color=c=0xf0c8a0:s=90x90:r=30:d=12" \
   -f lavfi -i "$(tone 262 12)" \
   -filter_complex "[0]drawbox=x=330:y=330:w=300:h=390:color=0x1a1a1a:t=fill,\
drawbox=x=415:y=150:w=130:h=160:color=0xf0c8a0:t=fill[body];\
[body][1]overlay=x='300+90*sin(2*PI*t*0.6)':y='400-80*abs(sin(2*PI*t*0.45))':eval=frame[a];\
[a][2]overlay=x='570-90*sin(2*PI*t*0.5+1)':y='420-70*abs(cos(2*PI*t*0.4))':eval=frame,\
format=yuv420p[v]" \
   -map "[v]" -map 3 "${x264[@]}" -crf 32 -c:a aac -b:a 48k -movflags +faststart \
   "${exact[@]}" jsl-moving-in.mp4

cat >jsl-moving-in.ja.vtt <<'VTT'
WEBVTT

00:00.000 --> 00:03.000
ようこそ。転入届についてご説明します。

00:03.000 --> 00:06.000
在留カードまたはパスポートをお持ちください。

00:06.000 --> 00:09.000
引っ越してから14日以内に届け出てください。

00:09.000 --> 00:12.000
1階の1番窓口へお越しください。
VTT

cat >jsl-moving-in.en.vtt <<'VTT'
WEBVTT

00:00.000 --> 00:03.000
Welcome. This explains the moving-in notification.

00:03.000 --> 00:06.000
Bring your residence card or passport.

00:06.000 --> 00:09.000
Submit it within 14 days of moving.

00:09.000 --> 00:12.000
Go to counter 1 on the first floor.
VTT

ls -l "$out"
