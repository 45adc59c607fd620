// AlertBoard and language choice: what is shown, replaced, cancelled or refused, and in
// which language; then the kiosk's frame: a full-screen takeover a visitor may hide after
// 10 s, a banner, and an update that brings the alert back.

#include "player/access/attention_tone.h"
#include "player/alerts/alert_board.h"
#include "player/alerts/alert_language.h"
#include "screen_test_support.h"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::alerts;

namespace {

constexpr int64_t kNow = 1796000000; // 2026-11-29

CapInfo info(std::string language, Severity severity, Urgency urgency, std::string headline) {
    CapInfo i;
    i.language = std::move(language);
    i.event = "Tsunami warning";
    i.severity = severity;
    i.urgency = urgency;
    i.certainty = Certainty::Observed;
    i.headline = std::move(headline);
    i.description = "A tsunami is expected.";
    i.instruction = "Go to high ground now.";
    i.expires_unix = kNow + 3600;
    i.areas.push_back({"Minato Ward", {"JIS=13103"}});
    return i;
}

CapAlert alert(std::string id, int64_t sent, Severity severity = Severity::Extreme,
               Urgency urgency = Urgency::Immediate) {
    CapAlert a;
    a.identifier = std::move(id);
    a.sender = "jma@example.jp";
    a.sent_unix = sent;
    a.infos.push_back(info("ja-JP", severity, urgency, "大津波警報"));
    a.infos.push_back(info("en-US", severity, urgency, "Major tsunami warning"));
    return a;
}

CapAlert referring(std::string id, int64_t sent, MsgType type, const CapAlert& old) {
    CapAlert a = alert(std::move(id), sent);
    a.msg_type = type;
    a.references.push_back({old.sender, old.identifier, old.sent_unix});
    if (type == MsgType::Cancel) a.infos.clear();
    return a;
}

} // namespace

TEST_CASE("alerts: the board shows Actual alerts, never Test, and drills only when asked") {
    AlertBoard board;
    CHECK(board.apply(alert("a1", kNow), kNow).outcome == Outcome::Shown);
    REQUIRE(board.in_force(kNow).size() == 1);
    CHECK(board.in_force(kNow)[0]->level == AlertLevel::FullScreen);

    CapAlert test = alert("t1", kNow);
    test.status = alerts::Status::Test;
    CHECK(board.apply(test, kNow).outcome == Outcome::Ignored);
    CapAlert drill = alert("d1", kNow);
    drill.status = alerts::Status::Exercise;
    CHECK(board.apply(drill, kNow).outcome == Outcome::Ignored);
    CHECK(board.in_force(kNow).size() == 1);

    AlertBoard drills({true, {}, Severity::Severe});
    CHECK(drills.apply(drill, kNow).outcome == Outcome::Shown);
    CHECK(drills.in_force(kNow)[0]->drill);
}

TEST_CASE("alerts: severity and urgency decide full screen or banner") {
    AlertBoard board;
    board.apply(alert("moderate", kNow, Severity::Moderate, Urgency::Immediate), kNow);
    board.apply(alert("future", kNow, Severity::Extreme, Urgency::Future), kNow);
    board.apply(alert("severe", kNow - 10, Severity::Severe, Urgency::Expected), kNow);
    auto shown = board.in_force(kNow);
    REQUIRE(shown.size() == 3);
    CHECK(shown[0]->alert.identifier == "severe"); // the one full-screen alert first
    CHECK(shown[0]->level == AlertLevel::FullScreen);
    CHECK(shown[1]->level == AlertLevel::Banner);
    CHECK(shown[1]->alert.identifier == "future"); // then by severity
    CHECK(shown[2]->alert.identifier == "moderate");
}

TEST_CASE("alerts: update replaces, cancel ends, replays and old messages are refused") {
    AlertBoard board;
    const CapAlert first = alert("a1", kNow);
    board.apply(first, kNow);
    const uint64_t shown = board.revision();
    const CapAlert update = referring("a2", kNow + 60, MsgType::Update, first);
    CHECK(board.apply(update, kNow + 60).outcome == Outcome::Shown);
    CHECK(board.revision() > shown);
    REQUIRE(board.in_force(kNow + 60).size() == 1);
    CHECK(board.in_force(kNow + 60)[0]->alert.identifier == "a2");
    // The original, replayed: refused (it was replaced).
    CHECK(board.apply(first, kNow + 61).outcome == Outcome::Ignored);
    // An update older than what it replaces is a replay too.
    const CapAlert stale = referring("a0", kNow - 100, MsgType::Update, update);
    CHECK(board.apply(stale, kNow + 62).outcome == Outcome::Ignored);
    CHECK(board.in_force(kNow + 62)[0]->alert.identifier == "a2");

    const CapAlert cancel = referring("c1", kNow + 120, MsgType::Cancel, update);
    CHECK(board.apply(cancel, kNow + 120).outcome == Outcome::Cancelled);
    CHECK(board.in_force(kNow + 120).empty());
    CHECK(board.apply(update, kNow + 121).outcome == Outcome::Ignored); // replayed after cancel
    CHECK(board.in_force(kNow + 121).empty());
}

TEST_CASE("alerts: expiry, effective time and areas") {
    AlertPolicy policy;
    policy.area_codes = {"JIS=13103"};
    AlertBoard board(policy);
    CapAlert elsewhere = alert("x", kNow);
    for (auto& i : elsewhere.infos)
        i.areas = {{"Osaka", {"JIS=27100"}}};
    CHECK(board.apply(elsewhere, kNow).outcome == Outcome::Ignored);
    CapAlert nowhere = alert("y", kNow); // no geocode: meant for everyone who receives it
    for (auto& i : nowhere.infos)
        i.areas.clear();
    CHECK(board.apply(nowhere, kNow).outcome == Outcome::Shown);

    CapAlert later = alert("later", kNow);
    for (auto& i : later.infos)
        i.effective_unix = kNow + 600;
    board.apply(later, kNow);
    CHECK(board.in_force(kNow).size() == 1);
    CHECK(board.next_change_unix(kNow) == kNow + 600);
    CHECK(board.in_force(kNow + 600).size() == 2);
    CHECK(board.in_force(kNow + 3600).empty()); // both expired
    CapAlert expired = alert("old", kNow - 7200);
    for (auto& i : expired.infos)
        i.expires_unix = kNow - 3600;
    CHECK(board.apply(expired, kNow).outcome == Outcome::Ignored);
}

TEST_CASE("alerts: the visitor's language, else the bundle's chain, else the first info") {
    CapAlert a = alert("a", kNow);
    CapInfo zh = info("zh-TW", Severity::Extreme, Urgency::Immediate, "海嘯警報");
    a.infos.push_back(zh);
    CHECK(pick_info(a, "en", {}) == 1);
    CHECK(pick_info(a, "ja-x-easy", {}) == 0);
    CHECK(pick_info(a, "zh-Hant", {}) == 2);
    CHECK(pick_info(a, "zh-Hans", {"en"}) == 1); // zh-TW is not Simplified
    CHECK(pick_info(a, "ne", {"en"}) == 1);
    CHECK(pick_info(a, "ne", {}) == 0);
    CHECK(serves_locale("EN-us", "en"));
    CHECK(serves_locale("zh", "zh-Hans"));
    CHECK_FALSE(serves_locale("zh-CN", "zh-Hant"));
    CHECK(locale_for("ja-JP", {"ja", "ja-x-easy", "en"}) == "ja");
    CHECK(locale_for("zh-HK", {"zh-Hans", "zh-Hant"}) == "zh-Hant");
    CHECK(locale_for("fr-FR", {"ja", "en"}).empty());
}

namespace {

bool has_target(const test::ScreenFixture& f, const std::string& id) {
    return f.target(id) != nullptr;
}

} // namespace

TEST_CASE("alerts: a full-screen alert takes over; hidden after 10 s it stays as a banner") {
    test::ScreenFixture f;
    f.open_surface(1080, 1920);
    f.show("page/moving-in", "en", 4);
    const double t0 = f.now();
    const int64_t now_s = int64_t(t0 / 1000);
    CapAlert a = alert("a1", now_s - 5);
    for (auto& i : a.infos)
        i.expires_unix = now_s + 3600;
    REQUIRE(f.app->alerts().apply(a, now_s).outcome == Outcome::Shown);
    f.frame(t0, false);
    std::string text = f.all_text();
    // The band holds the title; the event's name opens the message.
    CHECK(text.find("Emergency alert\n") != std::string::npos);
    CHECK(text.find("Tsunami warning") != std::string::npos);
    CHECK(text.find("Major tsunami warning") != std::string::npos); // the en info
    CHECK(text.find("Go to high ground now.") != std::string::npos);
    CHECK_FALSE(has_target(f, "alert/hide")); // not yet: 10 s first
    CHECK_FALSE(has_target(f, "home"));       // the page underneath takes no taps
    CHECK(f.app->next_idle_event_ms(t0) <= t0 + 10000.0);

    f.frame(t0 + 10000, false);
    REQUIRE(has_target(f, "alert/hide"));
    // Tap Hide.
    const app::HitTarget* hide = f.target("alert/hide");
    app::PointerInput tap;
    tap.pos = tap.press_pos = {hide->rect.x + 5, hide->rect.y + 5};
    tap.released = true;
    f.app->frame(*f.surface, *f.text, tap, t0 + 10500, false);
    f.frame(t0 + 11000, false);
    CHECK(has_target(f, "home"));       // the page is back
    CHECK(has_target(f, "alert/show")); // under a banner
    CHECK(f.all_text().find("Major tsunami warning") != std::string::npos);

    // An update brings the whole alert back.
    CapAlert update = referring("a2", now_s + 20, MsgType::Update, a);
    for (auto& i : update.infos)
        i.expires_unix = now_s + 3600;
    REQUIRE(f.app->alerts().apply(update, now_s + 20).outcome == Outcome::Shown);
    f.frame(t0 + 21000, false);
    CHECK_FALSE(has_target(f, "home"));
    CHECK_FALSE(has_target(f, "alert/hide"));
}

TEST_CASE("alerts: the visitor's labels, the alert's own language when it lacks theirs") {
    test::ScreenFixture f;
    f.open_surface(1920, 1080);
    f.show("home", "ne", 1);
    const int64_t now_s = int64_t(f.now() / 1000);
    CapAlert a = alert("a1", now_s);
    a.infos.pop_back(); // Japanese only
    for (auto& i : a.infos)
        i.expires_unix = now_s + 3600;
    f.app->alerts().apply(a, now_s);
    f.frame(f.now(), false);
    const std::string text = f.all_text();
    CHECK(text.find("आपतकालीन सूचना") != std::string::npos); // the label in Nepali
    CHECK(text.find("大津波警報") != std::string::npos);    // the text as the alert has it
}

TEST_CASE("alerts: the attention tone is a real, bounded, audible WAV") {
    const std::string wav = access::attention_tone_wav();
    REQUIRE(wav.size() > 44);
    CHECK(wav.compare(0, 4, "RIFF") == 0);
    CHECK(wav.compare(8, 8, "WAVEfmt ") == 0);
    const size_t samples = (wav.size() - 44) / 2;
    CHECK(samples > 22050);     // over a second
    CHECK(samples < 22050 * 3); // under three
    int peak = 0;
    for (size_t i = 44; i + 1 < wav.size(); i += 2) {
        const int16_t s = int16_t(uint8_t(wav[i]) | (uint8_t(wav[i + 1]) << 8));
        peak = std::max(peak, std::abs(int(s)));
    }
    CHECK(peak > 12000); // clearly audible
    CHECK(peak < 20000); // not clipped, not harsh
}

TEST_CASE("alerts: a visitor switches the alert to another language it carries in one tap") {
    test::ScreenFixture f;
    f.open_surface(1920, 1080);
    f.show("home", "ja", 2);
    const int64_t now_s = int64_t(f.now() / 1000);
    CapAlert a = alert("a1", now_s);
    for (auto& i : a.infos)
        i.expires_unix = now_s + 3600;
    f.app->alerts().apply(a, now_s);
    f.frame(f.now(), false);
    CHECK(f.all_text().find("大津波警報") != std::string::npos);
    const app::HitTarget* english = f.target("alert/lang/en");
    REQUIRE(english);
    CHECK_FALSE(f.target("alert/lang/ja")); // the one on show is not offered
    app::PointerInput tap;
    tap.pos = tap.press_pos = {english->rect.x + 5, english->rect.y + 5};
    tap.released = true;
    f.app->frame(*f.surface, *f.text, tap, f.now(), false);
    f.frame(f.now(), false);
    CHECK(f.app->session().locale == "en");
    CHECK(f.all_text().find("Major tsunami warning") != std::string::npos);
    CHECK(f.target("alert/lang/ja"));
}
