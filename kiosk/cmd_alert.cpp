// kiosk alert check | sign | send: the staff tools for CAP alerts.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "player/alerts/alert_board.h"
#include "player/alerts/cap_alert.h"
#include "player/alerts/mqtt_link.h"
#include "player/alerts/signed_alert.h"
#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/signing.h"

#include <cstdio>
#include <ctime>

namespace kiosk::cli {

namespace {

constexpr const char* kAlertUsage =
    "kiosk alert check FILE [--pubkey K.pub]   parse a CAP 1.2 alert and say how it shows;\n"
    "                                          with --pubkey also verify FILE.sig\n"
    "kiosk alert sign FILE --key K.key         write FILE.sig (detached Ed25519 signature)\n"
    "kiosk alert send FILE --broker mqtt://HOST[:PORT] --topic BASE --key K.key\n"
    "                 [--ca FILE] [--username NAME --password-file FILE]\n"
    "                                          sign and publish to BASE/<identifier>, retained\n"
    "                                          (a Cancel also clears what it references);\n"
    "                                          --ca: the CA of an mqtts:// broker";

// Connect, TLS handshake and the broker's acknowledgement, together.
constexpr int kPublishTimeoutSeconds = 10;

const char* name_of(alerts::Severity s) {
    constexpr const char* names[] = {"Extreme", "Severe", "Moderate", "Minor", "Unknown"};
    return names[static_cast<int>(s)];
}
const char* name_of(alerts::Urgency u) {
    constexpr const char* names[] = {"Immediate", "Expected", "Future", "Past", "Unknown"};
    return names[static_cast<int>(u)];
}
const char* name_of(alerts::Status s) {
    constexpr const char* names[] = {"Actual", "Exercise", "System", "Test", "Draft"};
    return names[static_cast<int>(s)];
}
const char* name_of(alerts::MsgType t) {
    constexpr const char* names[] = {"Alert", "Update", "Cancel", "Ack", "Error"};
    return names[static_cast<int>(t)];
}

std::string utc(int64_t unix_seconds) {
    return unix_seconds > 0 ? bundle::format_utc_time(unix_seconds) : "-";
}

Result<std::string> read_alert_file(const std::string& file) {
    return bundle::read_file(file, alerts::kMaxCapBytes);
}

int check(const Args& args, const std::string& file) {
    auto bytes = read_alert_file(file);
    if (!bytes) return failure("alert check", bytes.error().describe());
    Result<alerts::CapAlert> alert = alerts::parse_cap(*bytes, file);
    if (auto key_file = args.get("--pubkey")) {
        auto key = bundle::read_public_key(*key_file);
        if (!key) return failure("alert check", key.error().describe());
        auto sig = bundle::read_file(file + ".sig", bundle::kMaxKeyFileBytes);
        if (!sig) return failure("alert check", sig.error().describe());
        alert = alerts::accept_signed(*bytes, *sig, {*key}, file);
    }
    if (!alert) return failure("alert check", alert.error().describe());
    const alerts::CapAlert& a = *alert;
    std::printf("%s: CAP 1.2 %s %s from %s, sent %s%s\n", file.c_str(), name_of(a.status),
                name_of(a.msg_type), a.sender.c_str(), utc(a.sent_unix).c_str(),
                args.get("--pubkey") ? ", signature good" : "");
    for (const auto& ref : a.references)
        std::printf("  references %s %s\n", ref.sender.c_str(), ref.identifier.c_str());
    for (const auto& info : a.infos)
        std::printf("  [%s] %s: %s (%s, %s, until %s)\n", info.language.c_str(), info.event.c_str(),
                    info.headline.c_str(), name_of(info.severity), name_of(info.urgency),
                    utc(info.expires_unix).c_str());
    // How a terminal with the default policy (drills shown) would take it, now.
    alerts::AlertBoard board({true, {}, alerts::Severity::Severe});
    auto applied = board.apply(a, static_cast<int64_t>(std::time(nullptr)));
    std::printf("  on a terminal now: %s\n", applied.message.c_str());
    return Exit::Success;
}

Result<alerts::CapAlert> signed_file(const std::string& file, const std::string& key_file,
                                     std::string& bytes, std::string& sig) {
    auto read = read_alert_file(file);
    if (!read) return read.error();
    auto alert = alerts::parse_cap(*read, file); // never sign what terminals would refuse
    if (!alert) return alert.error();
    auto key = bundle::read_secret_key(key_file);
    if (!key) return key.error();
    auto signature = bundle::sign_detached(*read, *key);
    if (!signature) return make_error(key_file, 0, signature.error().message);
    bytes = std::move(*read);
    sig = std::move(*signature);
    return alert;
}

} // namespace

int alert_main(const Argv& argv) {
    Args args(argv, {{"--pubkey", true},
                     {"--key", true},
                     {"--broker", true},
                     {"--topic", true},
                     {"--ca", true},
                     {"--username", true},
                     {"--password-file", true}});
    if (args.wants_help()) {
        std::puts(kAlertUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("alert", args.error(), kAlertUsage);
    const auto& words = args.positionals();
    if (words.size() != 2)
        return usage_error("alert", "expected: check|sign|send FILE", kAlertUsage);
    const std::string& sub = words[0];
    const std::string& file = words[1];
    if (sub == "check") return check(args, file);
    if (sub != "sign" && sub != "send")
        return usage_error("alert", "unknown command " + sub, kAlertUsage);
    if (!args.get("--key")) return usage_error("alert", "missing --key", kAlertUsage);
    std::string bytes, sig;
    auto alert = signed_file(file, *args.get("--key"), bytes, sig);
    if (!alert) return failure("alert " + sub, alert.error().describe());
    if (sub == "sign") {
        if (Status ok = bundle::write_file_atomically(file + ".sig", sig + "\n"); !ok)
            return failure("alert sign", ok.error().describe());
        std::printf("signed %s -> %s.sig\n", file.c_str(), file.c_str());
        return Exit::Success;
    }
    if (!args.get("--broker") || !args.get("--topic"))
        return usage_error("alert", "send needs --broker and --topic", kAlertUsage);
    auto broker = alerts::parse_broker_url(*args.get("--broker"));
    if (!broker) return usage_error("alert", broker.error().describe(), kAlertUsage);
    auto login =
        alerts::read_mqtt_login(args.get_or("--username", ""), args.get_or("--password-file", ""));
    if (!login) return failure("alert send", login.error().describe());
    const std::string ca = args.get_or("--ca", "");
    const std::string base = *args.get("--topic");
    const std::string topic = alerts::alert_topic(base, alert->identifier);
    const bool cancel = alert->msg_type == alerts::MsgType::Cancel;
    // A Cancel travels once (not retained); the alerts it ends stop being retained, so a
    // terminal that reconnects later does not see them.
    if (Status ok = alerts::mqtt_publish(*broker, topic, alerts::frame_signed(sig, bytes), !cancel,
                                         kPublishTimeoutSeconds, ca, *login);
        !ok)
        return failure("alert send", ok.error().describe());
    if (cancel)
        for (const auto& ref : alert->references)
            if (Status ok = alerts::mqtt_publish(*broker, alerts::alert_topic(base, ref.identifier),
                                                 "", true, kPublishTimeoutSeconds, ca, *login);
                !ok)
                return failure("alert send", ok.error().describe());
    std::printf("sent %s %s to %s%s\n", name_of(alert->msg_type), alert->identifier.c_str(),
                topic.c_str(), cancel ? " (and cleared what it cancels)" : " (retained)");
    return Exit::Success;
}

} // namespace kiosk::cli
