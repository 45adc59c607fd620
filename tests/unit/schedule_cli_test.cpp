// `kiosk signage timeline` through the real binary (exit codes 0, 1 and 2 as every command
// has them), `kiosk bundle check` reporting the schedule's own problems, and the demo-ward
// signage: clean, and with a slide of every type.

#include "bundle_test_support.h"
#include "content_test_support.h"
#include "kiosk_process_support.h"

#include "kiosk/commands.h"
#include "player/content/bundle_loader.h"

#include <set>
#include <sstream>

using namespace kiosk;
using kiosk::bundle::test::TempDir;
using kiosk::bundle::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kDemo = (fs::path(KIOSK_TEST_DATA) / "../content/demo-ward").string();

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string timeline_args(const std::string& bundle, const std::string& from,
                          const std::string& to) {
    return "signage timeline --bundle " + test::quoted(bundle) + " --from " + from + " --to " + to;
}

// A one-locale bundle with `signage` as its signage.toml and two one-slide playlists.
void make_signage_bundle(const fs::path& dir, const std::string& signage) {
    write_file(dir / "bundle.toml", "id = \"t\"\nversion = \"1\"\ndefault_locale = \"ja\"\n"
                                    "locales = [\"ja\"]\n[title]\nja = \"テスト\"\n");
    write_file(dir / "signage/signage.toml", signage);
    write_file(dir / "signage/playlists/day.toml",
               "[[slide]]\nid = \"d\"\ntype = \"clock\"\nduration = 10\n");
    write_file(dir / "signage/playlists/news.toml",
               "[[slide]]\nid = \"n\"\ntype = \"clock\"\nduration = 10\n");
}

} // namespace

TEST_CASE("signage timeline: prints each showing of demo-ward, in local time") {
    const test::Run run =
        test::run_kiosk(timeline_args(kDemo, "2026-12-14T11:59", "2026-12-14T12:01"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    const std::vector<std::string> lines = lines_of(run.output);
    REQUIRE(lines.size() > 5);
    CHECK(lines.front().rfind("2026-12-14T11:59:00 ", 0) == 0);
    for (const std::string& line : lines) {
        std::istringstream fields(line);
        std::string start, end, playlist, slide, language, extra;
        fields >> start >> end >> playlist >> slide >> language;
        CAPTURE(line);
        CHECK(start.size() == 19);
        CHECK(end > start);
        CHECK(!language.empty());
        const bool more = bool(fields >> extra);
        CHECK_FALSE(more);
    }
    // The year-end notice's higher priority takes over at noon, cutting office hours.
    CHECK(
        run.output.find("2026-12-14T12:00:00 2026-12-14T12:00:15 year-end year-end-notice ja\n") !=
        std::string::npos);
    CHECK(run.output.find(" 2026-12-14T12:00:00 daytime ") != std::string::npos);
    // A closed day plays the closed playlist, whatever the time.
    const test::Run closed =
        test::run_kiosk(timeline_args(kDemo, "2026-12-30T10:00", "2026-12-30T10:01"));
    REQUIRE(closed.exit_code == 0);
    for (const std::string& line : lines_of(closed.output))
        CHECK(line.find(" closed ") != std::string::npos);
}

TEST_CASE("signage timeline: usage errors exit 2, bad bundles and impossible ranges 1") {
    struct Case {
        std::string arguments;
        int exit_code;
        std::string says;
    };
    TempDir broken, none;
    make_signage_bundle(broken.path(), "default_playlist = \"day\"\nlanguages = [\"xx\"]\n");
    make_signage_bundle(none.path(), "");
    fs::remove(none / "signage/signage.toml");
    const std::vector<Case> cases = {
        {"signage", 2, "give a subcommand: timeline"},
        {"signage replay", 2, "unknown subcommand replay"},
        {"signage timeline --bundle " + kDemo + " --from 2026-12-14T09:00", 2,
         "--bundle, --from and --to are required"},
        {timeline_args(kDemo, "2026-02-30T09:00", "2026-03-01T09:00"), 2,
         "--from must look like 2026-12-01T09:00"},
        {timeline_args(kDemo, "2026-12-14T09:00", "tomorrow"), 2, "--to must look like"},
        {timeline_args(kDemo, "2026-12-14T09:00", "2026-12-14T08:00"), 2,
         "--to must be after --from"},
        {timeline_args(kDemo, "2026-01-01T00:00", "2027-01-03T00:00"), 2,
         "at most 366 days after --from"},
        {timeline_args(kDemo, "2026-12-14T09:00", "2026-12-14T10:00") + " --lang ja", 2, "--lang"},
        {timeline_args(kDemo, "2026-01-01T00:00", "2026-12-31T00:00"), 1,
         "more than 100000 showings from 2026-01-01T00:00:00"},
        {timeline_args(broken.path().string(), "2026-12-14T09:00", "2026-12-14T10:00"), 1,
         "/signage/signage.toml:2: language \"xx\" is not a locale of the bundle"},
        {timeline_args(none.path().string(), "2026-12-14T09:00", "2026-12-14T10:00"), 1,
         "no signage/signage.toml"},
        {timeline_args("/nonexistent/bundle", "2026-12-14T09:00", "2026-12-14T10:00"), 1, ""},
    };
    for (const Case& c : cases) {
        const test::Run run = test::run_kiosk(c.arguments);
        CAPTURE(c.arguments);
        CHECK_MESSAGE(run.exit_code == c.exit_code, run.output);
        CHECK_MESSAGE(run.output.find(c.says) != std::string::npos, run.output);
        CHECK(run.output.find("terminate") == std::string::npos);
    }
    const test::Run help = test::run_kiosk("signage timeline --help");
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("START END PLAYLIST SLIDE LANGUAGE") != std::string::npos);
    const test::Run top = test::run_kiosk("--help");
    CHECK(top.output.find("  signage   ") != std::string::npos);
    // It draws nothing: the executable runs it, no module is loaded.
    CHECK(cli::module_for("signage", {"timeline"}) == cli::Module::None);
}

TEST_CASE("signage bundle check: the schedule's overlaps and gaps, as signage.toml:LINE") {
    TempDir dir;
    make_signage_bundle(dir.path(), "[[schedule]]\nplaylist = \"day\"\ndays = [\"weekdays\"]\n"
                                    "from = \"09:00\"\nto = \"17:00\"\n"
                                    "[[schedule]]\nplaylist = \"news\"\ndays = [\"fri\"]\n"
                                    "from = \"12:00\"\nto = \"18:00\"\n");
    const test::Run run =
        test::run_kiosk("bundle check --quick " + test::quoted(dir.path().string()));
    CHECK(run.exit_code == 1);
    const std::string file = dir.path().string() + "/signage/signage.toml";
    CHECK_MESSAGE(run.output.find(file + ":6: this rule and the rule on line 1 both have priority "
                                         "0 and overlap on Fridays from 12:00 to 17:00") !=
                      std::string::npos,
                  run.output);
    CHECK_MESSAGE(run.output.find(file + ": warning: no [[schedule]] rule plays on Mondays from "
                                         "00:00 to 09:00") != std::string::npos,
                  run.output);
    CHECK(run.output.find("1 error(s), 1 warning(s)") != std::string::npos);
}

TEST_CASE("signage demo-ward: clean for bundle check, with every slide type and language") {
    const test::Run run = test::run_kiosk("bundle check --quick " + test::quoted(kDemo));
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    CHECK_MESSAGE(run.output.find("0 error(s), 0 warning(s)") != std::string::npos, run.output);
    content::LoadReport report;
    auto bundle = content::load_bundle(fs::path(kDemo), &report);
    REQUIRE(bundle.ok());
    const content::Signage& signage = (*bundle)->signage;
    CHECK(signage.languages == std::vector<std::string>{"ja", "en", "zh-Hans", "ko"});
    CHECK(!signage.default_playlist.empty());
    CHECK(signage.closed_days.size() == 6);
    std::set<content::SlideKind> kinds;
    bool message_in_ne_and_ar = false;
    for (const content::Playlist& playlist : signage.playlists)
        for (const content::Slide& slide : playlist.slides) {
            kinds.insert(slide.kind);
            CHECK(slide.duration_seconds >= 8);
            CHECK(slide.duration_seconds <= 15);
            message_in_ne_and_ar =
                message_in_ne_and_ar || (slide.kind == content::SlideKind::Message &&
                                         slide.body.has("ne") && slide.body.has("ar"));
        }
    CHECK(kinds.size() == 7); // every SlideKind, video included
    CHECK(message_in_ne_and_ar);
    CHECK(signage.transit.bundled_file == "signage/transit.json");
}
