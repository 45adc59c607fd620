// Placeholder until the ODPT parser lands.
#include "player/transit/transit_board.h"

namespace kiosk::transit {

Result<TransitBoard> parse_train_information(std::string_view, std::string_view display_name,
                                             const TransitNames&, std::vector<std::string>*) {
    return make_error(std::string(display_name), 0, "transit feeds are not read yet");
}
Result<TransitNames> parse_transit_names(std::string_view, std::string_view) {
    return TransitNames{};
}

} // namespace kiosk::transit
