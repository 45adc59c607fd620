#!/usr/bin/env bash
# `kiosk text -o` against `pango-view` drawing the same held-out paragraph with the same
# font to a PNG, whole process each, in the same run: median CPU time (user + system) of
# RUNS runs and the largest peak RSS (GNU time). A Japanese paragraph (266 characters,
# Noto Sans CJK JP) and a Nepali one (Noto Sans Devanagari), 40 px, 1200 px wide.
# Targets (issue 14): CPU ratio <= 0.5, RSS ratio <= 1.0.
#   bench/peers/text_vs_pango.sh        KIOSK=build/kiosk/kiosk RUNS=5
# Needs pango-view (Debian package pango1.0-tools).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/peers/lib.sh
runs=${RUNS:-5}
find_kiosk
command -v pango-view >/dev/null || { echo "text_vs_pango: apt-get install pango1.0-tools" >&2; exit 1; }

# Held out: in no bundle, corpus or test of the project.
ja='台風が近づいているときは、気象庁や区から出される最新の情報を必ず確認し、早めに避難の準備をしてください。避難所は区立の小中学校と地区センターです。避難するときは、電気のブレーカーを切り、ガスの元栓を閉め、戸締まりを確認してから出かけましょう。持ち出し品は、飲み水、三日分の食料、常備薬、懐中電灯、携帯ラジオ、予備の電池、現金、身分証明書の写しなどです。高齢の方や体の不自由な方、小さな子どもがいる家庭は、近所の人と声をかけ合い、明るいうちに移動してください。外国語での案内が必要な方は、区役所一階の多言語窓口にお問い合わせください。'
ne='आँधी नजिक आउँदा मौसम विभाग र वडाबाट आएको पछिल्लो जानकारी हेर्नुहोस् र चाँडै सुरक्षित स्थानमा जाने तयारी गर्नुहोस्। आश्रयस्थलहरू वडाका विद्यालय र सामुदायिक भवन हुन्। घर छोड्नुअघि बिजुली र ग्यास बन्द गर्नुहोस्, ढोका झ्याल बन्द गर्नुहोस्। पिउने पानी, तीन दिनको खाना, औषधि, टर्च, रेडियो, नगद र परिचयपत्रको प्रतिलिपि साथमा लिनुहोस्।'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "runs: $runs (medians; peak RSS is the largest run)"
for lang in ja ne; do
  if [[ $lang == ja ]]; then text=$ja font="Noto Sans CJK JP 40px"; else text=$ne font="Noto Sans Devanagari 40px"; fi
  kiosk=("$KIOSK" text --lang "$lang" --px 40 --width 1200 -o "$tmp/kiosk-$lang.png" "$text")
  # --dpi=72: a point is a pixel, so --width=1200 wraps at 1200 px like --width 1200.
  pango=(pango-view -q --dpi=72 --font="$font" --width=1200 --wrap=word-char --margin=20
    --output="$tmp/pango-$lang.png" --text="$text")
  "${kiosk[@]}" >/dev/null 2>&1 || true # warm the page cache; not counted
  "${pango[@]}" >/dev/null 2>&1
  read -r _ k_wall k_cpu k_rss < <(measure kiosk "$runs" "${kiosk[@]}")
  read -r _ p_wall p_cpu p_rss < <(measure pango "$runs" "${pango[@]}")
  echo "text_${lang}_chars: $(printf '%s' "$text" | wc -m)"
  echo "kiosk_text_${lang}_cpu: $k_cpu s (wall $k_wall s)"
  echo "kiosk_text_${lang}_peak_rss: $(mib "$k_rss") MiB"
  echo "pango_view_${lang}_cpu: $p_cpu s (wall $p_wall s)"
  echo "pango_view_${lang}_peak_rss: $(mib "$p_rss") MiB"
  echo "cpu_ratio_${lang}_kiosk_to_pango: $(ratio "$k_cpu" "$p_cpu") (target <= 0.5)"
  echo "rss_ratio_${lang}_kiosk_to_pango: $(ratio "$k_rss" "$p_rss") (target <= 1.0)"
done
echo "loadavg_1min: $(cut -d' ' -f1 /proc/loadavg)"
