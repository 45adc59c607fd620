#pragma once
// The authoring files of signage (docs/SIGNAGE.md): signage/signage.toml (languages, the
// schedule, closed days, transit settings) and signage/playlists/<id>.toml (slides). Each
// parser checks its own file: keys, types, ranges, locales and the text of every language
// a slide rotates through. What needs the whole bundle (the playlists a schedule names,
// pages, pictures, slide ids unique across playlists) the loader checks afterwards
// (bundle_loading.h, Loader::load_signage).

#include "player/content/bundle_loader.h"
#include "player/content/bundle_model.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

// Where signage.toml names other things, for the loader's messages once every playlist is
// known (0: not given).
struct SignageLines {
    int default_playlist = 0, closed_playlist = 0, transit_file = 0;
    std::vector<int> rule_playlists; // the line of each rule's `playlist`, as signage.rules
};

// Reads signage/signage.toml into `signage` (`present` is left to the caller). `bundle`
// gives the locales the signage languages must come from. Returns false only when the
// TOML does not parse; every other fault is reported and the rest still read.
bool parse_signage(std::string_view text, const std::string& file, const Bundle& bundle,
                   Signage& signage, SignageLines& lines, LoadReport& report);

// Reads one playlist, signage/playlists/<id>.toml: `file` names it in messages, `path` (the
// bundle path) goes into each slide. Slide languages must be among `signage.languages`;
// slide texts are checked for every language of the slide's rotation along `bundle`'s
// fallback chain (a missing one that falls back is a warning; one with nothing to show,
// an error). Nothing when the TOML does not parse.
std::optional<Playlist> parse_playlist(std::string_view text, const std::string& file,
                                       const std::string& id, const std::string& path,
                                       const Bundle& bundle, const Signage& signage,
                                       LoadReport& report);

// The `type` of a slide as authors write it ("page", "image", "message", "transit",
// "clock", "touch").
std::string_view slide_type_name(SlideKind kind);

} // namespace kiosk::content
