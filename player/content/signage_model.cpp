#include "player/content/signage_model.h"

#include <algorithm>

namespace kiosk::content {

const Playlist* Signage::playlist(std::string_view id) const {
    auto it = std::lower_bound(playlists.begin(), playlists.end(), id,
                               [](const Playlist& p, std::string_view key) { return p.id < key; });
    return it != playlists.end() && it->id == id ? &*it : nullptr;
}

const Slide* Signage::slide(std::string_view id, const Playlist** in) const {
    for (const Playlist& p : playlists)
        for (const Slide& s : p.slides)
            if (s.id == id) {
                if (in) *in = &p;
                return &s;
            }
    if (in) *in = nullptr;
    return nullptr;
}

} // namespace kiosk::content
