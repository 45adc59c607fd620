#include "player/alerts/signed_alert.h"

namespace kiosk::alerts {

Result<CapAlert> accept_signed(std::string_view cap_bytes, std::string_view sig_hex,
                               const std::vector<bundle::PublicKey>& keys,
                               std::string_view source) {
    if (keys.empty())
        return make_error(std::string(source), 0,
                          "no alert key configured; alerts from the network are refused");
    if (cap_bytes.size() > kMaxCapBytes)
        return make_error(std::string(source), 0, "larger than the CAP limit; refused");
    kiosk::Status signature = make_error("no key");
    for (const bundle::PublicKey& key : keys) {
        signature = bundle::verify_manifest_signature(cap_bytes, sig_hex, key, source);
        if (signature) break;
    }
    if (!signature)
        return make_error(std::string(source), 0,
                          "signature does not verify with any alert key (forged or changed "
                          "alert); refused");
    return parse_cap(cap_bytes, source);
}

} // namespace kiosk::alerts
