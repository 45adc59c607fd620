#include "player/alerts/alert_board.h"

#include <algorithm>

namespace kiosk::alerts {

namespace {

// Cancels remembered, to refuse replays of what they ended; a day's worth of a busy feed.
constexpr size_t kMaxRemembered = 1024;
// Alerts shown at once; beyond this the least severe are dropped (a flooded feed must not
// bury the screen).
constexpr size_t kMaxInForce = 64;

// Lower is worse: Extreme 0 .. Unknown 4, as the enums are declared.
int rank(Severity s) {
    return static_cast<int>(s);
}
int rank(Urgency u) {
    return static_cast<int>(u);
}

bool is_urgent(Urgency u) {
    return u == Urgency::Immediate || u == Urgency::Expected;
}

} // namespace

int64_t alert_start_unix(const CapAlert& alert) {
    int64_t start = 0;
    for (const CapInfo& info : alert.infos) {
        const int64_t s = info.effective_unix > 0 ? info.effective_unix : alert.sent_unix;
        start = start == 0 ? s : std::min(start, s);
    }
    return start == 0 ? alert.sent_unix : start;
}

int64_t alert_end_unix(const CapAlert& alert) {
    int64_t end = 0;
    for (const CapInfo& info : alert.infos) {
        if (info.expires_unix == 0) return 0; // one info without expiry: in force until cancelled
        end = std::max(end, info.expires_unix);
    }
    return end;
}

Severity worst_severity(const CapAlert& alert) {
    Severity worst = Severity::Unknown;
    for (const CapInfo& info : alert.infos)
        if (rank(info.severity) < rank(worst)) worst = info.severity;
    return worst;
}

Urgency most_urgent(const CapAlert& alert) {
    Urgency most = Urgency::Unknown;
    for (const CapInfo& info : alert.infos)
        if (rank(info.urgency) < rank(most)) most = info.urgency;
    return most;
}

bool AlertBoard::matches_area(const CapAlert& alert) const {
    if (m_policy.area_codes.empty()) return true;
    bool any_area = false;
    for (const CapInfo& info : alert.infos)
        for (const CapArea& area : info.areas)
            for (const std::string& code : area.geocodes) {
                any_area = true;
                if (std::find(m_policy.area_codes.begin(), m_policy.area_codes.end(), code) !=
                    m_policy.area_codes.end())
                    return true;
            }
    // An alert that names no geocode is meant for everyone who receives it.
    return !any_area;
}

bool AlertBoard::was_cancelled(const Key& key) const {
    return std::any_of(m_cancelled.begin(), m_cancelled.end(),
                       [&](const Cancelled& c) { return c.key == key; });
}

ApplyResult AlertBoard::apply(const CapAlert& alert, int64_t now_unix) {
    const std::string name = alert.sender + " " + alert.identifier;
    switch (alert.status) {
    case Status::Actual:
        break;
    case Status::Exercise:
        if (m_policy.show_exercises) break;
        return {Outcome::Ignored, name + ": an exercise, and this terminal shows no drills"};
    case Status::Test:
    case Status::Draft:
    case Status::System:
        return {Outcome::Ignored, name + ": status is not Actual or Exercise; never shown"};
    }
    const Key key{alert.sender, alert.identifier};
    if (was_cancelled(key))
        return {Outcome::Ignored, name + ": already cancelled; a replay is not shown again"};
    for (const AlertInForce& shown : m_alerts)
        if (Key{shown.alert.sender, shown.alert.identifier} == key)
            return {Outcome::Ignored, name + ": already shown"};

    // Update and Cancel end what they reference; a reference to something newer than
    // this message is a replay of an old message, so it changes nothing.
    if (alert.msg_type == MsgType::Update || alert.msg_type == MsgType::Cancel) {
        for (const CapReference& ref : alert.references) {
            const Key old{ref.sender, ref.identifier};
            auto it = std::find_if(m_alerts.begin(), m_alerts.end(), [&](const AlertInForce& a) {
                return Key{a.alert.sender, a.alert.identifier} == old;
            });
            if (it != m_alerts.end() && it->alert.sent_unix > alert.sent_unix)
                return {Outcome::Ignored, name + ": older than the alert it would replace "
                                                 "(a replay)"};
        }
        for (const CapReference& ref : alert.references) {
            const Key old{ref.sender, ref.identifier};
            std::erase_if(m_alerts, [&](const AlertInForce& a) {
                return Key{a.alert.sender, a.alert.identifier} == old;
            });
            if (!was_cancelled(old)) m_cancelled.push_back({old, alert.sent_unix});
        }
        if (m_cancelled.size() > kMaxRemembered)
            m_cancelled.erase(m_cancelled.begin(),
                              m_cancelled.begin() + (m_cancelled.size() - kMaxRemembered));
        ++m_revision;
        if (alert.msg_type == MsgType::Cancel) {
            m_cancelled.push_back({key, alert.sent_unix});
            return {Outcome::Cancelled,
                    name + ": cancels " + std::to_string(alert.references.size()) + " alert(s)"};
        }
    } else if (alert.msg_type != MsgType::Alert) {
        return {Outcome::Ignored, name + ": Ack and Error messages are not shown"};
    }
    if (alert.infos.empty()) return {Outcome::Ignored, name + ": no info block to show"};
    if (!matches_area(alert)) return {Outcome::Ignored, name + ": for other areas"};
    if (const int64_t end = alert_end_unix(alert);
        end != 0 && end <= now_unix && !m_policy.ignore_times)
        return {Outcome::Ignored, name + ": expired"};

    AlertInForce entry;
    entry.alert = alert;
    entry.drill = alert.status == Status::Exercise;
    entry.level = rank(worst_severity(alert)) <= rank(m_policy.full_screen_severity) &&
                          is_urgent(most_urgent(alert))
                      ? AlertLevel::FullScreen
                      : AlertLevel::Banner;
    m_alerts.push_back(std::move(entry));
    if (m_alerts.size() > kMaxInForce) {
        auto least =
            std::max_element(m_alerts.begin(), m_alerts.end(), [](const auto& a, const auto& b) {
                return rank(worst_severity(a.alert)) < rank(worst_severity(b.alert));
            });
        m_alerts.erase(least);
    }
    ++m_revision;
    return {Outcome::Shown,
            name + ": shown (" +
                (m_alerts.back().level == AlertLevel::FullScreen ? "full screen" : "banner") + ")"};
}

std::vector<const AlertInForce*> AlertBoard::in_force(int64_t now_unix) const {
    std::vector<const AlertInForce*> shown;
    for (const AlertInForce& a : m_alerts) {
        const int64_t end = alert_end_unix(a.alert);
        if (m_policy.ignore_times ||
            (alert_start_unix(a.alert) <= now_unix && (end == 0 || now_unix < end)))
            shown.push_back(&a);
    }
    std::stable_sort(shown.begin(), shown.end(), [](const AlertInForce* a, const AlertInForce* b) {
        if (a->level != b->level) return a->level == AlertLevel::FullScreen;
        const int sa = rank(worst_severity(a->alert)), sb = rank(worst_severity(b->alert));
        if (sa != sb) return sa < sb;
        return a->alert.sent_unix > b->alert.sent_unix;
    });
    return shown;
}

int64_t AlertBoard::next_change_unix(int64_t now_unix) const {
    int64_t next = 0;
    if (m_policy.ignore_times) return next;
    for (const AlertInForce& a : m_alerts)
        for (int64_t t : {alert_start_unix(a.alert), alert_end_unix(a.alert)})
            if (t > now_unix && (next == 0 || t < next)) next = t;
    return next;
}

} // namespace kiosk::alerts
