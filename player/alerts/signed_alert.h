#pragma once
// An alert from the network is shown only when a configured alert key signed its exact
// bytes: a detached Ed25519 signature, 128 hex digits (`kiosk alert sign`). Bundle alerts
// (drills) need none: the bundle itself is signed.

#include "player/alerts/cap_alert.h"
#include "player/bundle/signing.h"
#include "player/core/result.h"

#include <string_view>
#include <vector>

namespace kiosk::alerts {

// Checks the signature against any of `keys`, then parses. Errors name `source`
// ("spool/quake.xml", "mqtt alerts/minato/q1") and say which check failed.
Result<CapAlert> accept_signed(std::string_view cap_bytes, std::string_view sig_hex,
                               const std::vector<bundle::PublicKey>& keys, std::string_view source);

} // namespace kiosk::alerts
