#include "kiosk/app/focus_navigation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiosk::app {

std::vector<const HitTarget*> reading_order(const std::vector<HitTarget>& targets, bool rtl) {
    std::vector<const HitTarget*> order;
    for (const auto& t : targets)
        order.push_back(&t);
    std::stable_sort(order.begin(), order.end(), [&](const HitTarget* a, const HitTarget* b) {
        // Same row when their vertical extents overlap by half of the smaller one.
        float overlap = std::min(a->visible.y + a->visible.h, b->visible.y + b->visible.h) -
                        std::max(a->visible.y, b->visible.y);
        bool same_row = overlap > 0.5f * std::min(a->visible.h, b->visible.h);
        if (!same_row) return a->visible.y < b->visible.y;
        return rtl ? a->visible.x > b->visible.x : a->visible.x < b->visible.x;
    });
    return order;
}

std::string move_focus(const std::vector<HitTarget>& targets, const std::string& current,
                       NavKey key, bool rtl) {
    if (targets.empty()) return {};
    auto order = reading_order(targets, rtl);
    auto at = std::find_if(order.begin(), order.end(),
                           [&](const HitTarget* t) { return t->id == current; });
    if (at == order.end()) return order.front()->id;
    if (key == NavKey::Next) return (at + 1 == order.end() ? order.front() : *(at + 1))->id;
    if (key == NavKey::Previous) return (at == order.begin() ? order.back() : *(at - 1))->id;

    // Spatial: the nearest target whose centre lies in that direction; off-axis distance
    // counts double so that "down" prefers what is straight below.
    const Rect& r = (*at)->visible;
    const float cx = r.x + r.w / 2, cy = r.y + r.h / 2;
    float dx_sign = 0, dy_sign = 0;
    if (key == NavKey::Up) dy_sign = -1;
    if (key == NavKey::Down) dy_sign = 1;
    if (key == NavKey::Left) dx_sign = -1;
    if (key == NavKey::Right) dx_sign = 1;
    const HitTarget* best = nullptr;
    float best_score = std::numeric_limits<float>::max();
    for (const auto& t : targets) {
        if (&t == *at) continue;
        float tx = t.visible.x + t.visible.w / 2 - cx, ty = t.visible.y + t.visible.h / 2 - cy;
        float along = tx * dx_sign + ty * dy_sign;
        if (along <= 1) continue;
        float across = std::fabs(dx_sign != 0 ? ty : tx);
        float score = along + 2 * across;
        if (score < best_score) best_score = score, best = &t;
    }
    return best ? best->id : current;
}

} // namespace kiosk::app
