#pragma once
// The terminal configuration file of `kiosk run --config FILE` (TOML; docs/DEPLOY.md has
// the reference). Everything a terminal needs that is not content: who it is, where its
// store is, where and how it syncs, whom it tells, and what it shows when the store has
// nothing usable. Relative paths are relative to the file's folder.
//
//   terminal_id = "minato-1f-01"
//   fallback_bundle = "/usr/share/kiosk/content/demo-ward"
//   status_file = "/var/lib/kiosk/status.json"
//   proof_of_play_file = "/var/lib/kiosk/proof-of-play.jsonl"   # optional: slides, alerts shown
//   [sync]
//   url = "https://content.city.example/minato/"
//   store = "/var/lib/kiosk/store"
//   public_keys = ["/etc/kiosk/city.pub"]      # two during a key rotation
//   ca_file = "/etc/kiosk/city-ca.pem"         # optional: a city CA for https
//   poll_seconds = 60
//   heartbeat_url = "https://content.city.example/heartbeat"   # optional
//   keep_versions = 3
//   stall_seconds = 30
//   [alerts]
//   public_keys = ["/etc/kiosk/alert.pub"]      # who may sign alerts from the network
//   spool_dir = "/var/spool/kiosk-alerts"       # a local receiver drops NAME.xml + .sig
//   feed_url = "https://alerts.city.example/minato/current.xml"   # a CAP + ".sig", or Atom
//   feed_poll_seconds = 30
//   broker = "mqtts://mqtt.city.example"        # push; subscribes to topic/#
//   topic = "city/minato/alerts"
//   broker_username = "minato-1f-01"             # optional: when the broker wants a login,
//   broker_password_file = "/etc/kiosk/mqtt.pw"  # the password alone on one line
//   area_codes = ["JIS=13103"]                  # CAP geocodes; none: every area
//   show_exercises = false                      # drills, with a clear banner

#include "player/core/result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::app {

struct TerminalConfig {
    std::string terminal_id;
    std::filesystem::path fallback_bundle;    // shown when the store has no usable version
    std::filesystem::path status_file;        // empty: STORE/../status.json is not assumed
    std::filesystem::path proof_of_play_file; // empty: no log (the heartbeat still counts)
    // [sync]; without the table (or from the command line without --sync-url) there is no
    // sync and the store is shown as it is.
    std::string sync_url;
    std::filesystem::path store;
    std::vector<std::filesystem::path> public_keys;
    std::filesystem::path ca_file;
    int poll_seconds = 60;
    std::string heartbeat_url;
    int keep_versions = 3;
    int stall_seconds = 30;
    // [alerts]
    std::vector<std::filesystem::path> alert_keys;
    std::filesystem::path alert_spool;
    std::string alert_feed;
    int alert_feed_poll_seconds = 30;
    std::string alert_broker, alert_topic;
    std::string broker_username; // empty: anonymous
    std::filesystem::path broker_password_file;
    std::vector<std::string> area_codes;
    bool show_exercises = false;
};

inline constexpr size_t kMaxTerminalConfigBytes = 64 * 1024;

// Reads and checks the file; the error names the file, the line and the fix.
Result<TerminalConfig> read_terminal_config(const std::filesystem::path& file);

} // namespace kiosk::app
