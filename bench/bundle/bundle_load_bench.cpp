// Time to load a bundle into the kiosk's immutable model (median and worst of N runs).
// Usage: bundle_load_bench DIR [RUNS]

#include "player/content/bundle_loader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bundle_load_bench DIR [RUNS]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
    std::vector<double> ms;
    size_t pages = 0, procedures = 0;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        auto bundle = kiosk::content::load_bundle(std::filesystem::path(argv[1]));
        auto end = std::chrono::steady_clock::now();
        if (!bundle) {
            std::fprintf(stderr, "%s\n", bundle.error().describe().c_str());
            return 1;
        }
        pages = (*bundle)->pages.size();
        procedures = (*bundle)->procedures.size();
        ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf(
        "bundle: %s\npages: %zu\nprocedures: %zu\nload_median_ms: %.2f\nload_worst_ms: %.2f\n",
        argv[1], pages, procedures, ms[ms.size() / 2], ms.back());
    return 0;
}
