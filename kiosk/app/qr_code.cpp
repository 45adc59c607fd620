#include "kiosk/app/qr_code.h"

#include <qrencode.h>

#include <cmath>
#include <memory>
#include <string>

namespace kiosk::app {

namespace {

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

constexpr int kQuietZone = 4; // modules of white around the code (ISO/IEC 18004)
// A screen is a clean, flat, well-lit surface: the lowest error correction is enough,
// and it leaves the most room for the checklist.
constexpr QRecLevel kLevel = QR_ECLEVEL_L;

// The checklist screen asks for the same code in every frame (and once more to size it):
// the last few encodings are kept, so a static or scrolling checklist encodes nothing.
const QRcode* encode(std::string_view text) {
    struct Entry {
        std::string text;
        std::unique_ptr<QRcode, QrFree> code;
    };
    static Entry recent[4];
    static size_t next = 0;
    for (const Entry& e : recent)
        if (e.text == text && !e.text.empty()) return e.code.get();
    Entry& slot = recent[next++ % 4];
    slot.text.assign(text);
    slot.code.reset(QRcode_encodeString8bit(slot.text.c_str(), 0, kLevel));
    return slot.code.get();
}

} // namespace

int qr_version(std::string_view text) {
    const QRcode* code = encode(text);
    return code ? code->version : 0;
}

float qr_min_side(std::string_view text) {
    const QRcode* code = encode(text);
    return code ? 2.f * float(code->width + 2 * kQuietZone) : 0.f;
}

float draw_qr_code(ImDrawList* list, std::string_view text, ImVec2 origin, float max_size) {
    const QRcode* code = encode(text);
    if (!code) return 0;
    const int modules = code->width + 2 * kQuietZone;
    // Whole pixels per module keep the edges sharp for a phone camera.
    const float module = std::floor(max_size / float(modules));
    if (module < 2) return 0;
    const float side = module * float(modules);
    origin = ImVec2(std::round(origin.x), std::round(origin.y));
    list->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side),
                        IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (!(code->data[y * code->width + x] & 1)) continue;
            ImVec2 a(origin.x + float(x + kQuietZone) * module,
                     origin.y + float(y + kQuietZone) * module);
            list->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
        }
    }
    return side;
}

} // namespace kiosk::app
