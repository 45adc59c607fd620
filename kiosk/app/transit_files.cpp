#include "kiosk/app/transit_files.h"

#include "player/bundle/file_io.h"

#include <vector>

namespace kiosk::app {

Result<transit::TransitBoard> parse_transit_feed(std::string_view bytes, const std::string& name,
                                                 const transit::TransitNames& names,
                                                 const TransitLog& log) {
    std::vector<std::string> skipped;
    auto board = transit::parse_train_information(bytes, name, names, &skipped);
    if (log)
        for (const std::string& note : skipped)
            log("transit: " + note);
    return board;
}

Result<transit::TransitNames> load_transit_names(const bundle::BundleFiles& files) {
    if (!files.contains(kTransitNamesPath)) return transit::TransitNames{};
    // One byte over the limit, so that the parser's own message says what the limit is.
    auto bytes = files.read(kTransitNamesPath, transit::kMaxNamesBytes + 1);
    if (!bytes) return bytes.error();
    return transit::parse_transit_names(*bytes, files.display_path(kTransitNamesPath));
}

Result<transit::TransitBoard> load_bundled_transit(const bundle::BundleFiles& files,
                                                   std::string_view path,
                                                   const transit::TransitNames& names,
                                                   const TransitLog& log) {
    auto bytes = files.read(path, transit::kMaxFeedBytes + 1);
    if (!bytes) return bytes.error();
    return parse_transit_feed(*bytes, files.display_path(path), names, log);
}

Result<transit::TransitBoard> load_transit_file(const std::filesystem::path& file,
                                                const transit::TransitNames& names,
                                                const TransitLog& log) {
    auto bytes = bundle::read_file(file, transit::kMaxFeedBytes + 1);
    if (!bytes) return bytes.error();
    return parse_transit_feed(*bytes, file.string(), names, log);
}

} // namespace kiosk::app
