#include "kiosk/app/icons.h"

#include <cmath>

namespace kiosk::app {

namespace {

ImVec2 at(ImVec2 c, float s, float x, float y) {
    return ImVec2(c.x + x * s, c.y + y * s);
}

} // namespace

// Coordinates below are in a unit box from -0.5 to 0.5 around the centre.
void draw_icon(ImDrawList* l, std::string_view name, ImVec2 c, float size, ImU32 col, bool rtl) {
    const float s = size;
    // Pointing icons turn with the reading direction: Back points right in Arabic.
    const float dir = rtl ? -1.f : 1.f;
    const float t = std::max(2.0f, size * 0.07f); // stroke
    if (name == "home") {
        l->AddTriangleFilled(at(c, s, -0.45f, -0.02f), at(c, s, 0, -0.42f), at(c, s, 0.45f, -0.02f),
                             col);
        l->AddRectFilled(at(c, s, -0.32f, -0.05f), at(c, s, 0.32f, 0.4f), col);
    } else if (name == "document") {
        l->AddRect(at(c, s, -0.3f, -0.42f), at(c, s, 0.3f, 0.42f), col, 0, 0, t);
        for (int i = 0; i < 4; ++i)
            l->AddLine(at(c, s, -0.18f, -0.22f + 0.15f * float(i)),
                       at(c, s, 0.18f, -0.22f + 0.15f * float(i)), col, t * 0.8f);
    } else if (name == "shield") {
        // Disaster safety: the warning triangle with an exclamation mark, as on hazard signs.
        const ImVec2 a = at(c, s, 0, -0.44f), b = at(c, s, 0.47f, 0.4f), d = at(c, s, -0.47f, 0.4f);
        l->AddTriangle(a, b, d, col, t * 1.3f);
        l->AddRectFilled(at(c, s, -0.045f, -0.16f), at(c, s, 0.045f, 0.16f), col, s * 0.02f);
        l->AddCircleFilled(at(c, s, 0, 0.27f), s * 0.055f, col, 16);
    } else if (name == "train") {
        // A train seen from the front: body, windscreen, two lamps, on two rails.
        l->AddRect(at(c, s, -0.3f, -0.44f), at(c, s, 0.3f, 0.24f), col, s * 0.1f, 0, t);
        l->AddRectFilled(at(c, s, -0.2f, -0.34f), at(c, s, 0.2f, -0.08f), col, s * 0.03f);
        l->AddCircleFilled(at(c, s, -0.16f, 0.1f), s * 0.055f, col, 16);
        l->AddCircleFilled(at(c, s, 0.16f, 0.1f), s * 0.055f, col, 16);
        l->AddLine(at(c, s, -0.18f, 0.26f), at(c, s, -0.3f, 0.45f), col, t);
        l->AddLine(at(c, s, 0.18f, 0.26f), at(c, s, 0.3f, 0.45f), col, t);
        l->AddLine(at(c, s, -0.42f, 0.45f), at(c, s, 0.42f, 0.45f), col, t);
    } else if (name == "camera") {
        l->AddRectFilled(at(c, s, -0.45f, -0.22f), at(c, s, 0.45f, 0.35f), col, s * 0.06f);
        l->AddRectFilled(at(c, s, -0.15f, -0.35f), at(c, s, 0.15f, -0.2f), col);
        l->AddCircle(at(c, s, 0, 0.06f), s * 0.17f, IM_COL32(255, 255, 255, 255), 32, t);
    } else if (name == "globe") {
        l->AddCircle(c, s * 0.42f, col, 48, t);
        for (int i = 0; i <= 48; ++i) {
            float a = float(i) * 6.2831853f / 48.f;
            l->PathLineTo(ImVec2(c.x + std::cos(a) * s * 0.18f, c.y + std::sin(a) * s * 0.42f));
        }
        l->PathStroke(col, 0, t);
        l->AddLine(at(c, s, -0.42f, 0), at(c, s, 0.42f, 0), col, t);
    } else if (name == "sign-language") {
        // Two raised open hands: the sign that marks sign-language interpretation.
        for (float side : {-1.f, 1.f}) {
            const float x = 0.22f * side;
            l->AddRectFilled(at(c, s, x - 0.13f, -0.02f), at(c, s, x + 0.13f, 0.3f), col,
                             s * 0.06f);
            for (int f = 0; f < 4; ++f) {
                const float fx = x - 0.1f + 0.067f * float(f);
                const float top = -0.36f + (f == 0 || f == 3 ? 0.08f : 0.f);
                l->AddLine(at(c, s, fx, top), at(c, s, fx, 0.02f), col, s * 0.05f);
            }
            l->AddLine(at(c, s, x - 0.13f * side, 0.12f), at(c, s, x - 0.24f * side, -0.02f), col,
                       s * 0.05f);
            l->AddLine(at(c, s, x - 0.09f, 0.3f), at(c, s, x - 0.09f, 0.44f), col, t);
            l->AddLine(at(c, s, x + 0.09f, 0.3f), at(c, s, x + 0.09f, 0.44f), col, t);
        }
    } else if (name == "play") {
        // Media controls keep their direction in right-to-left languages (time runs right).
        l->AddTriangleFilled(at(c, s, -0.3f, -0.4f), at(c, s, 0.42f, 0), at(c, s, -0.3f, 0.4f),
                             col);
    } else if (name == "pause") {
        l->AddRectFilled(at(c, s, -0.32f, -0.38f), at(c, s, -0.08f, 0.38f), col);
        l->AddRectFilled(at(c, s, 0.08f, -0.38f), at(c, s, 0.32f, 0.38f), col);
    } else if (name == "restart") {
        // A bar, then a triangle pointing back to it: to the start.
        l->AddRectFilled(at(c, s, -0.4f, -0.36f), at(c, s, -0.28f, 0.36f), col);
        l->AddTriangleFilled(at(c, s, 0.4f, -0.36f), at(c, s, -0.24f, 0), at(c, s, 0.4f, 0.36f),
                             col);
    } else if (name == "captions") {
        // A screen with two lines of text at its foot.
        l->AddRect(at(c, s, -0.45f, -0.32f), at(c, s, 0.45f, 0.32f), col, s * 0.06f, 0, t);
        l->AddLine(at(c, s, -0.3f, 0.05f), at(c, s, 0.3f, 0.05f), col, t * 1.2f);
        l->AddLine(at(c, s, -0.22f, 0.18f), at(c, s, 0.22f, 0.18f), col, t * 1.2f);
    } else if (name == "sound" || name == "sound-off") {
        l->AddRectFilled(at(c, s, -0.42f, -0.12f), at(c, s, -0.24f, 0.12f), col);
        l->AddTriangleFilled(at(c, s, -0.3f, -0.12f), at(c, s, 0.02f, -0.38f),
                             at(c, s, 0.02f, 0.38f), col);
        l->AddTriangleFilled(at(c, s, -0.3f, -0.12f), at(c, s, 0.02f, 0.38f),
                             at(c, s, -0.3f, 0.12f), col);
        if (name == "sound") {
            l->PathArcTo(at(c, s, 0.02f, 0), s * 0.2f, -0.9f, 0.9f, 12);
            l->PathStroke(col, 0, t);
            l->PathArcTo(at(c, s, 0.02f, 0), s * 0.36f, -0.9f, 0.9f, 16);
            l->PathStroke(col, 0, t);
        } else {
            l->AddLine(at(c, s, 0.14f, -0.16f), at(c, s, 0.44f, 0.16f), col, t * 1.2f);
            l->AddLine(at(c, s, 0.14f, 0.16f), at(c, s, 0.44f, -0.16f), col, t * 1.2f);
        }
    } else if (name == "close") {
        l->AddLine(at(c, s, -0.34f, -0.34f), at(c, s, 0.34f, 0.34f), col, t * 1.4f);
        l->AddLine(at(c, s, -0.34f, 0.34f), at(c, s, 0.34f, -0.34f), col, t * 1.4f);
    } else if (name == "touch") {
        // A fingertip on a glass: a dot inside two rings, what a tap looks like.
        l->AddCircleFilled(c, s * 0.12f, col, 32);
        l->AddCircle(c, s * 0.26f, col, 48, t);
        l->AddCircle(c, s * 0.42f, col, 48, t * 0.7f);
    } else if (name == "text-size") {
        // A small and a large letter A, each with its crossbar.
        auto letter = [&](float x0, float x1, float top, float stroke) {
            const float mid = (x0 + x1) / 2, bar = top + (0.38f - top) * 0.62f;
            l->AddLine(at(c, s, x0, 0.38f), at(c, s, mid, top), col, stroke);
            l->AddLine(at(c, s, mid, top), at(c, s, x1, 0.38f), col, stroke);
            const float f0 = (bar - 0.38f) / (top - 0.38f);
            l->AddLine(at(c, s, x0 + (mid - x0) * f0, bar), at(c, s, x1 - (x1 - mid) * f0, bar),
                       col, stroke * 0.8f);
        };
        letter(-0.46f, -0.08f, 0.0f, t);
        letter(-0.02f, 0.46f, -0.42f, t * 1.35f);
    } else if (name == "staff") {
        l->AddCircleFilled(at(c, s, 0, -0.22f), s * 0.17f, col, 32);
        l->AddRectFilled(at(c, s, -0.3f, 0.02f), at(c, s, 0.3f, 0.42f), col, s * 0.15f);
    } else if (name == "back") {
        l->AddTriangleFilled(at(c, s, -0.4f * dir, 0), at(c, s, 0.05f * dir, -0.35f),
                             at(c, s, 0.05f * dir, 0.35f), col);
        l->AddRectFilled(at(c, s, std::min(0.f, 0.4f * dir), -0.12f),
                         at(c, s, std::max(0.f, 0.4f * dir), 0.12f), col);
    } else if (name == "menu") {
        for (int i = 0; i < 3; ++i)
            l->AddRectFilled(at(c, s, -0.38f, -0.3f + 0.26f * float(i)),
                             at(c, s, 0.38f, -0.2f + 0.26f * float(i)), col, s * 0.03f);
    } else if (name == "up" || name == "down") {
        float d = name == "up" ? -1.f : 1.f;
        l->AddTriangleFilled(at(c, s, -0.35f, -0.15f * d), at(c, s, 0.35f, -0.15f * d),
                             at(c, s, 0, 0.3f * d), col);
    } else if (name == "trash") {
        l->AddRectFilled(at(c, s, -0.28f, -0.25f), at(c, s, 0.28f, 0.42f), col, s * 0.04f);
        l->AddRectFilled(at(c, s, -0.38f, -0.36f), at(c, s, 0.38f, -0.3f), col);
    } else if (name == "heart") {
        l->AddCircleFilled(at(c, s, -0.17f, -0.12f), s * 0.2f, col, 32);
        l->AddCircleFilled(at(c, s, 0.17f, -0.12f), s * 0.2f, col, 32);
        l->AddTriangleFilled(at(c, s, -0.36f, -0.04f), at(c, s, 0.36f, -0.04f), at(c, s, 0, 0.4f),
                             col);
    } else if (name == "baby") {
        l->AddCircle(c, s * 0.4f, col, 48, t);
        l->AddCircleFilled(at(c, s, -0.13f, -0.05f), s * 0.05f, col);
        l->AddCircleFilled(at(c, s, 0.13f, -0.05f), s * 0.05f, col);
        l->AddLine(at(c, s, -0.12f, 0.16f), at(c, s, 0.12f, 0.16f), col, t);
    } else if (name == "access") { // the international symbol of access, simplified
        l->AddCircleFilled(at(c, s, 0.02f, -0.36f), s * 0.08f, col, 24);
        l->AddLine(at(c, s, 0.0f, -0.24f), at(c, s, -0.04f, 0.05f), col, t * 1.2f);
        l->AddLine(at(c, s, -0.04f, 0.05f), at(c, s, 0.22f, 0.05f), col, t);
        l->AddLine(at(c, s, 0.22f, 0.05f), at(c, s, 0.32f, 0.3f), col, t);
        l->PathArcTo(at(c, s, -0.05f, 0.18f), s * 0.22f, 1.2f, 4.6f, 24);
        l->PathStroke(col, 0, t);
    } else if (name == "contrast") {
        l->AddCircle(c, s * 0.4f, col, 48, t);
        l->PathArcTo(c, s * 0.4f, -1.5708f, 1.5708f, 24);
        l->PathFillConvex(col);
    } else if (name == "low-reach") {
        l->AddLine(at(c, s, -0.4f, -0.35f), at(c, s, 0.4f, -0.35f), col, t);
        l->AddTriangleFilled(at(c, s, -0.25f, -0.05f), at(c, s, 0.25f, -0.05f), at(c, s, 0, 0.25f),
                             col);
        l->AddRectFilled(at(c, s, -0.4f, 0.33f), at(c, s, 0.4f, 0.42f), col);
    } else if (name == "speak") {
        l->AddRectFilled(at(c, s, -0.4f, -0.12f), at(c, s, -0.2f, 0.12f), col);
        l->AddTriangleFilled(at(c, s, -0.22f, 0), at(c, s, 0.05f, -0.32f), at(c, s, 0.05f, 0.32f),
                             col);
        l->PathArcTo(at(c, s, 0.05f, 0), s * 0.2f, -0.8f, 0.8f, 12);
        l->PathStroke(col, 0, t);
        l->PathArcTo(at(c, s, 0.05f, 0), s * 0.36f, -0.8f, 0.8f, 16);
        l->PathStroke(col, 0, t);
    } else { // info
        l->AddCircle(c, s * 0.42f, col, 48, t);
        l->AddCircleFilled(at(c, s, 0, -0.2f), s * 0.06f, col);
        l->AddRectFilled(at(c, s, -0.05f, -0.06f), at(c, s, 0.05f, 0.27f), col);
    }
}

} // namespace kiosk::app
