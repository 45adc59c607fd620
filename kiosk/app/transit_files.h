#pragma once
// The transit board's files without the network: the bundle's names and feed file, a feed
// file named on the command line, and the one parse (with its skipped entries logged) that
// the live feed (transit_service.h) uses too. Kept apart from the poller so the display
// module (`kiosk shot`) reads feeds without linking libcurl.

#include "player/bundle/bundle_files.h"
#include "player/transit/transit_board.h"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace kiosk::app {

using TransitLog = std::function<void(const std::string& line)>;

// Where the bundle keeps the display names of the ODPT ids.
inline constexpr std::string_view kTransitNamesPath = "signage/transit-names.toml";

// The bundle's names (kTransitNamesPath), or no names when the bundle has no such file.
// Errors name the file and line.
Result<transit::TransitNames> load_transit_names(const bundle::BundleFiles& files);

// A feed file of the bundle (content::TransitSettings::bundled_file), through the same
// parser as the live feed; each skipped entry is one log line. fetched_unix stays 0.
Result<transit::TransitBoard> load_bundled_transit(const bundle::BundleFiles& files,
                                                   std::string_view path,
                                                   const transit::TransitNames& names,
                                                   const TransitLog& log);

// A feed file named on the command line (`kiosk shot --transit FILE`); the same parser.
Result<transit::TransitBoard> load_transit_file(const std::filesystem::path& file,
                                                const transit::TransitNames& names,
                                                const TransitLog& log);

// One feed document through the parser; each skipped entry is one log line ("transit: ...").
Result<transit::TransitBoard> parse_transit_feed(std::string_view bytes, const std::string& name,
                                                 const transit::TransitNames& names,
                                                 const TransitLog& log);

} // namespace kiosk::app
