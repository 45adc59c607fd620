#include "kiosk/app/terminal_config.h"

#include "player/bundle/file_io.h"
#include "player/content/toml_fields.h"

namespace kiosk::app {

namespace fs = std::filesystem;

namespace {

bool is_http_url(const std::string& url) {
    return url.starts_with("https://") || url.starts_with("http://");
}

} // namespace

Result<TerminalConfig> read_terminal_config(const fs::path& file) {
    auto text = bundle::read_file(file, kMaxTerminalConfigBytes);
    if (!text) return text.error();
    content::LoadReport report;
    const content::TomlSource source{file.string(), 1, &report};
    auto first_error = [&]() -> Error {
        for (const auto& problem : report.problems)
            if (problem.severity == content::Severity::Error) return problem.where;
        return make_error(file.string(), 0, "invalid terminal configuration");
    };
    auto root = content::parse_toml(*text, source);
    if (!root) return first_error();
    const fs::path base = file.parent_path();
    auto resolve = [&](const std::string& path) -> fs::path {
        return path.empty() || fs::path(path).is_absolute() ? fs::path(path) : base / path;
    };
    using content::Need;

    TerminalConfig config;
    content::check_keys(
        source, *root,
        {"terminal_id", "fallback_bundle", "status_file", "proof_of_play_file", "sync", "alerts"},
        "in the terminal configuration");
    config.terminal_id =
        content::get_string(source, *root, "terminal_id", Need::Required, "").value_or("");
    if (config.terminal_id.empty() || config.terminal_id.size() > 64)
        report.error(file.string(), content::line_of(source, *root, "terminal_id"),
                     "terminal_id must be 1..64 characters, e.g. \"minato-1f-01\"");
    config.fallback_bundle = resolve(
        content::get_string(source, *root, "fallback_bundle", Need::Optional, "").value_or(""));
    config.status_file =
        resolve(content::get_string(source, *root, "status_file", Need::Optional, "").value_or(""));
    config.proof_of_play_file = resolve(
        content::get_string(source, *root, "proof_of_play_file", Need::Optional, "").value_or(""));

    if (const toml::table* sync = content::get_table(source, *root, "sync", Need::Optional, "")) {
        const char* where = "in [sync]";
        content::check_keys(source, *sync,
                            {"url", "store", "public_keys", "ca_file", "poll_seconds",
                             "heartbeat_url", "keep_versions", "stall_seconds"},
                            where);
        config.sync_url =
            content::get_string(source, *sync, "url", Need::Required, where).value_or("");
        if (!config.sync_url.empty() && !is_http_url(config.sync_url))
            report.error(file.string(), content::line_of(source, *sync, "url"),
                         "[sync] url must start with https:// (or http:// on a closed network)");
        config.store = resolve(
            content::get_string(source, *sync, "store", Need::Required, where).value_or(""));
        if (auto keys =
                content::get_string_array(source, *sync, "public_keys", Need::Required, where)) {
            for (const std::string& key : *keys)
                config.public_keys.push_back(resolve(key));
            if (keys->empty() || keys->size() > 2)
                report.error(file.string(), content::line_of(source, *sync, "public_keys"),
                             "public_keys must list one key file, or two during a key rotation");
        }
        config.ca_file = resolve(
            content::get_string(source, *sync, "ca_file", Need::Optional, where).value_or(""));
        config.heartbeat_url =
            content::get_string(source, *sync, "heartbeat_url", Need::Optional, where).value_or("");
        if (!config.heartbeat_url.empty() && !is_http_url(config.heartbeat_url))
            report.error(file.string(), content::line_of(source, *sync, "heartbeat_url"),
                         "heartbeat_url must start with https:// or http://");
        auto bounded = [&](const char* key, int low, int high, int& value) {
            auto number = content::get_integer(source, *sync, key, Need::Optional, where);
            if (!number) return;
            if (*number < low || *number > high)
                report.error(file.string(), content::line_of(source, *sync, key),
                             std::string(key) + " must be " + std::to_string(low) + ".." +
                                 std::to_string(high));
            else
                value = static_cast<int>(*number);
        };
        bounded("poll_seconds", 1, 86400, config.poll_seconds);
        bounded("keep_versions", 1, 100, config.keep_versions);
        bounded("stall_seconds", 1, 3600, config.stall_seconds);
    }
    if (const toml::table* alerts =
            content::get_table(source, *root, "alerts", Need::Optional, "")) {
        const char* where = "in [alerts]";
        content::check_keys(source, *alerts,
                            {"public_keys", "spool_dir", "feed_url", "feed_poll_seconds", "broker",
                             "topic", "broker_username", "broker_password_file", "area_codes",
                             "show_exercises"},
                            where);
        if (auto keys =
                content::get_string_array(source, *alerts, "public_keys", Need::Required, where))
            for (const std::string& key : *keys)
                config.alert_keys.push_back(resolve(key));
        config.alert_spool = resolve(
            content::get_string(source, *alerts, "spool_dir", Need::Optional, where).value_or(""));
        config.alert_feed =
            content::get_string(source, *alerts, "feed_url", Need::Optional, where).value_or("");
        if (!config.alert_feed.empty() && !is_http_url(config.alert_feed))
            report.error(file.string(), content::line_of(source, *alerts, "feed_url"),
                         "feed_url must start with https:// or http://");
        if (auto poll =
                content::get_integer(source, *alerts, "feed_poll_seconds", Need::Optional, where)) {
            if (*poll < 1 || *poll > 3600)
                report.error(file.string(), content::line_of(source, *alerts, "feed_poll_seconds"),
                             "feed_poll_seconds must be 1..3600");
            else
                config.alert_feed_poll_seconds = static_cast<int>(*poll);
        }
        config.alert_broker =
            content::get_string(source, *alerts, "broker", Need::Optional, where).value_or("");
        config.alert_topic =
            content::get_string(source, *alerts, "topic", Need::Optional, where).value_or("");
        if (!config.alert_broker.empty() && config.alert_topic.empty())
            report.error(file.string(), content::line_of(source, *alerts, "broker"),
                         "a broker needs a topic (the kiosk subscribes to topic/#)");
        config.broker_username =
            content::get_string(source, *alerts, "broker_username", Need::Optional, where)
                .value_or("");
        config.broker_password_file = resolve(
            content::get_string(source, *alerts, "broker_password_file", Need::Optional, where)
                .value_or(""));
        if (!config.broker_username.empty() && config.broker_password_file.empty())
            report.error(file.string(), content::line_of(source, *alerts, "broker_username"),
                         "broker_username needs broker_password_file (the password alone on "
                         "one line)");
        if (auto codes =
                content::get_string_array(source, *alerts, "area_codes", Need::Optional, where))
            config.area_codes = *codes;
        if (const toml::node* drills = alerts->get("show_exercises")) {
            if (auto value = drills->value<bool>())
                config.show_exercises = *value;
            else
                report.error(file.string(), content::line_of(source, *alerts, "show_exercises"),
                             "show_exercises must be true or false");
        }
    }
    if (report.has_errors()) return first_error();
    return config;
}

} // namespace kiosk::app
