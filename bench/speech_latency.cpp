// Latency from Speech::say() to the first sample queued to SDL, for English and Japanese,
// (and Mandarin) under SDL's dummy audio driver (no hardware needed). Prints the median and the
// maximum of 20 runs per language; the first run of each includes loading that voice.
//
//   speech_latency [runs]

#include "player/access/speech.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace kiosk::access;

namespace {

struct Sample {
    const char* locale;
    const char* text;
};

// Polls `condition` for at most `limit`; the pause between polls only spares the CPU.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    int runs = argc > 1 ? std::atoi(argv[1]) : 20;
    if (runs < 1) {
        std::fprintf(stderr, "usage: speech_latency [runs]\n");
        return 2;
    }
    setenv("SDL_AUDIODRIVER", "dummy", 0); // a caller may pick a real driver instead
    auto created = Speech::create();
    if (!created) {
        std::fprintf(stderr, "speech_latency: %s\n", created.error().describe().c_str());
        return 1;
    }
    Speech& speech = *created.value();

    const Sample samples[] = {
        {"en",
         "Welcome to the Minato-Kita ward office. The resident registration counter is on the "
         "first floor. Please bring your residence card."},
        {"ja", "こんにちは。みなときたくやくしょへ ようこそ。じゅうみんとうろくの まどぐちは "
               "いっかいです。"},
        // Not required, but Mandarin's dictionary is the largest the kiosk loads.
        {"zh-Hans", "欢迎来到湊北区役所。住民登记窗口在一楼。"},
    };
    std::printf("speech_latency: say() -> first sample queued, %d runs, SDL driver dummy, %d Hz\n",
                runs, speech.sample_rate());
    for (const Sample& sample : samples) {
        std::vector<double> ms;
        for (int i = 0; i < runs; ++i) {
            speech.say(sample.text, sample.locale);
            if (!eventually([&] { return speech.last_latency_ms() > 0.0; },
                            std::chrono::seconds(10))) {
                std::fprintf(stderr, "speech_latency: %s: no audio queued within 10 s\n",
                             sample.locale);
                return 1;
            }
            ms.push_back(speech.last_latency_ms());
            speech.stop();
            eventually([&] { return !speech.speaking(); }, std::chrono::seconds(2));
        }
        double first = ms.front();
        std::sort(ms.begin(), ms.end());
        double median =
            ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
        std::printf("  %-7s median %7.2f ms   max %7.2f ms   first (voice load) %7.2f ms\n",
                    sample.locale, median, ms.back(), first);
    }
    return 0;
}
