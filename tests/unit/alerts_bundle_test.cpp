// The bundle's own alerts (alerts/<id>.xml, drills): listed as screens, previewed whatever
// the clock, checked by `kiosk bundle check`, and kept apart from the alerts in force.

#include "bundle_test_support.h"
#include "kiosk_process_support.h"
#include "screen_test_support.h"

#include "kiosk/screens/screen.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace kiosk;

namespace {

void write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// The demo bundle's drill with `from` replaced by `to` (a way to make it wrong).
std::string drill_with(const std::string& from, const std::string& to) {
    std::string text = read(test::kDemoBundle + "/alerts/earthquake-drill.xml");
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("alerts: the bundle's drills are screens: listed, validated, shown over home") {
    test::ScreenFixture f;
    const auto ids = screens::list_screen_ids(f.app->bundle());
    CHECK(std::find(ids.begin(), ids.end(), "alert/earthquake-drill") != ids.end());
    CHECK(screens::validate_screen_id(f.app->bundle(), "alert/earthquake-drill").empty());
    CHECK_FALSE(screens::validate_screen_id(f.app->bundle(), "alert/nope").empty());
    CHECK_FALSE(screens::validate_screen_id(f.app->bundle(), "alert/earthquake-drill/x").empty());

    // The drill is for 2026-12-10; the fixture's clock says 2026-01-05: a preview shows it
    // anyway, full screen, in the visitor's language.
    f.open_surface(1080, 1920);
    f.show("alert/earthquake-drill", "ne", 4);
    CHECK(f.all_text().find("भूकम्प निकासी अभ्यास") != std::string::npos);
    CHECK(f.target("alert/lang/ja") != nullptr);
    CHECK(f.target("alert/lang/en") != nullptr);

    // Another screen afterwards: the preview is gone, the board as it was (empty).
    f.show("home", "ne", 4);
    CHECK(f.all_text().find("भूकम्प") == std::string::npos);
    CHECK(f.app->alerts().in_force(0).empty());
    CHECK(f.target("alert/lang/ja") == nullptr);
}

TEST_CASE("alerts: every language button keeps its name on one line in portrait") {
    test::ScreenFixture f;
    f.open_surface(1080, 1920);
    for (const char* locale : {"my", "ar", "ne", "ja"}) {
        CAPTURE(locale);
        f.show("alert/earthquake-drill", locale, 4);
        int buttons = 0;
        for (const auto& box : f.app->last_text_boxes())
            if (box.paragraph && box.paragraph->text == "English") {
                CHECK(box.paragraph->lines.size() == 1);
                ++buttons;
            }
        if (std::string(locale) != "en") CHECK(buttons == 1);
    }
}

TEST_CASE("alerts: bundle check reads alerts/*.xml and names the file and the fix") {
    bundle::test::TempDir temp;
    const auto ward = temp / "ward";
    std::filesystem::copy(test::kDemoBundle, ward, std::filesystem::copy_options::recursive);
    const std::string dir = test::quoted(ward.string());

    test::Run clean = test::run_kiosk("bundle check --quick " + dir);
    CHECK_MESSAGE(clean.exit_code == 0, clean.output);

    write(ward / "alerts/broken.xml",
          drill_with("<sent>2026-12-01T09:00:00+09:00</sent>", "<sent>yesterday</sent>"));
    write(ward / "alerts/real-one.xml",
          drill_with("<status>Exercise</status>", "<status>Actual</status>"));
    write(ward / "alerts/notes.txt", "who prepares the next drill\n");
    test::Run run = test::run_kiosk("bundle check --quick " + dir);
    CHECK(run.exit_code == 1);
    // A parse error with its line, an Actual alert refused with the reason, a stray file
    // warned about.
    CHECK_MESSAGE(run.output.find("alerts/broken.xml:7:") != std::string::npos, run.output);
    CHECK(run.output.find("alerts/real-one.xml: status must be Exercise") != std::string::npos);
    CHECK(run.output.find("alerts/notes.txt") != std::string::npos);

    // A file name that is no id is the loader's error.
    write(ward / "alerts/Bad_Name.xml", read(ward / "alerts/earthquake-drill.xml"));
    test::Run named = test::run_kiosk("bundle check --quick " + dir);
    CHECK(named.exit_code == 1);
    CHECK_MESSAGE(named.output.find("alerts/Bad_Name.xml: alert id") != std::string::npos,
                  named.output);

    // The screens listing skips nothing that loads; a shot of a broken alert says why.
    std::filesystem::remove(ward / "alerts/Bad_Name.xml");
    test::Run shot = test::run_kiosk("shot --bundle " + dir + " --screen alert/broken -o " +
                                     test::quoted((temp / "x.png").string()));
    CHECK(shot.exit_code != 0);
    CHECK_MESSAGE(shot.output.find("broken.xml:7:") != std::string::npos, shot.output);
}
