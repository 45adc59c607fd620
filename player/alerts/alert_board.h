#pragma once
// AlertBoard: the alerts in force on this terminal, whatever source they came from (the
// bundle's drills, a spool folder, an HTTP feed, MQTT). It applies CAP's message types:
// an Update replaces the alerts it references, a Cancel ends them; it refuses replays (an
// alert already cancelled, or older than the one it would replace) and what the terminal
// must not show (status Test, Draft, System; Exercise unless configured; other areas).
//
// Plain data and no clock of its own: every call takes `now`, so tests and `kiosk shot`
// pin it. Threading: not thread-safe; the app owns one and feeds it on the UI thread.

#include "player/alerts/cap_alert.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk::alerts {

struct AlertPolicy {
    bool show_exercises = false;                      // drills, shown with a clear "drill" banner
    std::vector<std::string> area_codes;              // "valueName=value"; empty: every area
    Severity full_screen_severity = Severity::Severe; // this or worse (and urgent) takes over
    // Staff previews (`kiosk shot`, `bundle check`, `bundle preview`): an alert is in force
    // whatever the clock says, so a drill prepared for next month can be looked at today.
    bool ignore_times = false;
};

enum class AlertLevel { FullScreen, Banner };

struct AlertInForce {
    CapAlert alert;
    AlertLevel level = AlertLevel::Banner;
    bool drill = false; // status Exercise
};

enum class Outcome { Shown, Cancelled, Ignored };

struct ApplyResult {
    Outcome outcome = Outcome::Ignored;
    std::string message; // one line for the log: what happened and why
};

class AlertBoard {
  public:
    explicit AlertBoard(AlertPolicy policy = {}) : m_policy(std::move(policy)) {}

    ApplyResult apply(const CapAlert& alert, int64_t now_unix);

    // In force at `now` (effective, not expired), full-screen ones first, then by severity,
    // then newest first.
    std::vector<const AlertInForce*> in_force(int64_t now_unix) const;
    // Changes whenever an alert is added, updated or cancelled: a visitor who collapsed a
    // full-screen alert sees it again after an update.
    uint64_t revision() const { return m_revision; }
    // The next moment an alert starts or ends by itself (0: none), for the idle UI's wake-up.
    int64_t next_change_unix(int64_t now_unix) const;
    const AlertPolicy& policy() const { return m_policy; }

  private:
    struct Key {
        std::string sender, identifier;
        bool operator==(const Key&) const = default;
    };
    struct Cancelled {
        Key key;
        int64_t sent_unix = 0;
    };
    bool matches_area(const CapAlert& alert) const;
    bool was_cancelled(const Key& key) const;

    AlertPolicy m_policy;
    std::vector<AlertInForce> m_alerts;
    std::vector<Cancelled> m_cancelled; // bounded: the oldest are forgotten past kMaxRemembered
    uint64_t m_revision = 0;
};

// The effective start and the end of an alert: the earliest info's `effective` (else
// `sent`) and the latest info's `expires` (0: none).
int64_t alert_start_unix(const CapAlert& alert);
int64_t alert_end_unix(const CapAlert& alert);
// The worst severity and most pressing urgency over its infos.
Severity worst_severity(const CapAlert& alert);
Urgency most_urgent(const CapAlert& alert);

} // namespace kiosk::alerts
