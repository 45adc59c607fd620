// Loading a small valid bundle (tests/data/bundles/mini) into the model, the fallback chain,
// and the sample bundle content/demo-ward when it is present.

#include "content_test_support.h"

#include "player/content/bundle_loader.h"

#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>

using namespace kiosk::content;
using namespace kiosk::content::test;

namespace {

const std::filesystem::path kMini = std::filesystem::path(KIOSK_TEST_DATA) / "data/bundles/mini";

std::shared_ptr<const Bundle> load_mini(LoadReport& report) {
    auto bundle = load_bundle(kMini, &report);
    REQUIRE_MESSAGE(bundle.ok(), describe(report));
    return *bundle;
}

} // namespace

TEST_CASE("content: mini bundle loads with the fields of bundle.toml") {
    LoadReport report;
    auto bundle = load_mini(report);
    CHECK_MESSAGE(count(report, Severity::Error) == 0, describe(report));
    CHECK(bundle->id == "mini-ward");
    CHECK(bundle->version == "2026.01.02-1");
    CHECK(bundle->default_locale == "ja");
    CHECK(bundle->locales == std::vector<std::string>{"ja", "ja-x-easy", "en"});
    CHECK(bundle->time_zone == "Asia/Tokyo");
    CHECK(bundle->theme == "high-contrast");
    CHECK(bundle->idle_seconds == 60);
    CHECK(bundle->screen_diagonal_inches == doctest::Approx(43.5));
    CHECK(bundle->pick(bundle->title, "en") == "Mini Ward Office");
    CHECK(bundle->hours[0] == "08:30-17:15");
    CHECK(bundle->hours[4] == "08:30-17:15");
    CHECK(bundle->hours[5] == "09:00-12:00");
    CHECK(bundle->hours[6] == "closed");
    REQUIRE(bundle->categories.size() == 2);
    CHECK(bundle->categories[0].id == "living");
    CHECK(bundle->categories[0].icon == "home");
    CHECK(bundle->categories[1].title.by_locale.at("en") == "Procedures");
    CHECK(bundle->category("procedures") == &bundle->categories[1]);
    CHECK(bundle->category("nope") == nullptr);
}

TEST_CASE("content: pages are sorted by category order, then order, then id") {
    LoadReport report;
    auto bundle = load_mini(report);
    REQUIRE(bundle->pages.size() == 2);
    CHECK(bundle->pages[0].id == "garbage"); // living comes first in bundle.toml
    CHECK(bundle->pages[1].id == "moving-in");

    const Page* page = bundle->page("moving-in");
    REQUIRE(page != nullptr);
    CHECK(page->category == "procedures");
    CHECK(page->icon == "document");
    CHECK(page->order == 10);
    REQUIRE(page->by_locale.count("ja") == 1);
    const PageText& ja = page->by_locale.at("ja");
    CHECK(ja.title == "転入届（引っ越してきたとき）");
    CHECK(ja.file == "pages/moving-in/ja.md");
    REQUIRE(ja.blocks.size() >= 8);
    CHECK(ja.blocks[0].kind == BlockKind::Paragraph);
    CHECK(ja.blocks[0].text == "他の市区町村から引っ越してきたときは、{住|す}み始めてから\x02"
                               "14日以内\x03に届け出てください。");
    CHECK(ja.blocks[0].source_line == 8);
    CHECK(ja.blocks[1].kind == BlockKind::Heading);
    CHECK(ja.blocks[1].level == 2);
    CHECK(ja.blocks[1].source_line == 10);
    CHECK(ja.blocks[2].kind == BlockKind::ListItem);
    CHECK(ja.blocks[2].source_line == 12);
    CHECK(ja.blocks[4].kind == BlockKind::TableRow);
    CHECK(ja.blocks[4].header);
    CHECK(ja.blocks[5].cells == std::vector<std::string>{"{住民票|じゅうみんひょう}", "1"});
    CHECK(ja.blocks[5].source_line == 17);
    REQUIRE(ja.blocks[6].links.size() == 2);
    CHECK(ja.blocks[6].links[1].target == "procedure:moving-in");
    CHECK(ja.blocks[7].kind == BlockKind::Image);
    CHECK(ja.blocks[7].image == "images/floor-1.png");
    CHECK(ja.blocks[7].text == "1階の窓口の地図");
    CHECK(ja.blocks[7].source_line == 21);

    // Locales without their own file are warned about, naming where they fall back to.
    CHECK_MESSAGE(mentions(report, Severity::Warning,
                           "pages/garbage: missing en translation; falls back to ja"),
                  describe(report));
    CHECK(mentions(report, Severity::Warning,
                   "pages/moving-in: missing ja-x-easy translation; falls back to ja"));
}

TEST_CASE("content: procedures keep flow structure and per-locale words") {
    LoadReport report;
    auto bundle = load_mini(report);
    REQUIRE(bundle->procedures.size() == 1);
    const Procedure* procedure = bundle->procedure("moving-in");
    REQUIRE(procedure != nullptr);
    CHECK(procedure->category == "procedures");
    CHECK(procedure->start == "origin");
    REQUIRE(procedure->question("origin") != nullptr);
    CHECK(procedure->question("origin")->answers.size() == 2);
    CHECK(procedure->question("origin")->answers[1].id == "abroad");
    CHECK(procedure->question("origin")->answers[1].next == "children");
    CHECK(procedure->question("nope") == nullptr);
    REQUIRE(procedure->items.size() == 3);
    CHECK(procedure->items[0].id == "moving-in-notice");
    CHECK(procedure->items[1].when ==
          std::vector<std::pair<std::string, std::string>>{{"origin", "abroad"}});
    CHECK(procedure->items[2].counter == "5"); // written as a bare number
    CHECK(procedure->items[2].floor == 2);

    const ProcedureText* en = bundle->pick(procedure->by_locale, "en");
    REQUIRE(en != nullptr);
    CHECK(en->title == "Moving in");
    CHECK(en->questions.at("origin").answers.at("abroad") == "Abroad");
    CHECK(en->items.at("moving-in-notice").bring.size() == 2);
    CHECK(en->file == "procedures/moving-in/en.toml");

    // en has no words for child-allowance: that item alone falls back to ja.
    CHECK(mentions(report, Severity::Warning,
                   "en.toml:12: missing en translation of the title of item \"child-allowance\"; "
                   "falls back to ja"));
    const ItemText* item = bundle->item_text(*procedure, "child-allowance", "en");
    REQUIRE(item != nullptr);
    CHECK(item->title == "児童手当");
    CHECK(bundle->item_text(*procedure, "moving-in-notice", "en")->title ==
          "Moving-in notification");
    CHECK(bundle->question_text(*procedure, "origin", "ja-x-easy")->text ==
          "どこから引っ越してきましたか？");
}

TEST_CASE("content: fallback chain is locale, its fallback (or default), default locale") {
    Bundle bundle;
    bundle.default_locale = "ja";
    bundle.locales = {"ja", "ja-x-easy", "en", "zh-Hans", "zh-Hant", "vi"};
    bundle.fallback = {
        {"ja-x-easy", {"ja"}}, {"zh-Hant", {"zh-Hans", "en", "ja"}}, {"default", {"en", "ja"}}};
    using V = std::vector<std::string>;
    CHECK(bundle.fallback_chain("ja") == V{"ja", "en"}); // "default" applies to ja as well
    CHECK(bundle.fallback_chain("ja-x-easy") == V{"ja-x-easy", "ja"});
    CHECK(bundle.fallback_chain("zh-Hant") == V{"zh-Hant", "zh-Hans", "en", "ja"});
    CHECK(bundle.fallback_chain("vi") == V{"vi", "en", "ja"});
    CHECK(bundle.fallback_chain("en") == V{"en", "ja"});

    bundle.fallback.clear();
    CHECK(bundle.fallback_chain("vi") == V{"vi", "ja"});
    CHECK(bundle.fallback_chain("ja") == V{"ja"});

    bundle.fallback = {{"default", {"en", "ja"}}};
    LocalizedText text;
    text.by_locale = {{"ja", "日本語"}, {"en", "English"}};
    CHECK(bundle.pick(text, "vi") == "English");
    CHECK(bundle.pick(text, "ja") == "日本語");
    text.by_locale.erase("en");
    CHECK(bundle.pick(text, "vi") == "日本語");
    text.by_locale.clear();
    CHECK(bundle.pick(text, "vi").empty());
}

TEST_CASE("content: load_bundle on a missing folder fails with a message") {
    LoadReport report;
    auto bundle = load_bundle(
        std::filesystem::path(KIOSK_TEST_DATA) / "data/bundles/no-such-bundle", &report);
    REQUIRE_FALSE(bundle.ok());
    CHECK(bundle.error().message == "no such bundle folder");
    CHECK(report.has_errors());
}

TEST_CASE("content: content/demo-ward loads without errors, quickly") {
    const std::filesystem::path demo =
        std::filesystem::path(KIOSK_TEST_DATA) / "../content/demo-ward";
    if (!std::filesystem::exists(demo / "bundle.toml")) {
        MESSAGE("content/demo-ward is absent; skipped");
        return;
    }
    LoadReport report;
    auto start = std::chrono::steady_clock::now();
    auto bundle = load_bundle(demo, &report);
    auto took = std::chrono::steady_clock::now() - start;
    CHECK_MESSAGE(bundle.ok(), describe(report));
    CHECK_MESSAGE(!report.has_errors(), describe(report));
    if (bundle.ok()) CHECK(!(*bundle)->pages.empty());
    // ~250 small files: parsing is linear, so this is far below a second even under
    // sanitizers; a quadratic slip would show up here.
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 3000);
}
