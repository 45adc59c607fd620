// The transit board (player/transit): the held-back ODPT odpt:TrainInformation samples in
// ja/en/zh-Hans/ko (tests/data/odpt: normal service, a delay, a suspension, a resumption,
// stale data), the names table, classify(), the staleness rule, and every hostile feed:
// each either read with its bad entries skipped and named, or refused whole with one
// message naming the file, never a crash.

#include "transit_test_support.h"

#include "player/core/date_time.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::transit;
using namespace kiosk::transit::test;

namespace {

int64_t at(const char* rfc3339) {
    int64_t t = 0;
    REQUIRE(parse_rfc3339(rfc3339, t));
    return t;
}

TransitBoard read_sample(const std::string& name, std::vector<std::string>* skipped = nullptr) {
    auto board = parse_train_information(read_odpt(name), name, test_names(), skipped);
    REQUIRE_MESSAGE(board.ok(), board.error().describe());
    return *board;
}

std::vector<std::string> railways(const TransitBoard& board) {
    std::vector<std::string> ids;
    for (const LineStatus& line : board.lines)
        ids.push_back(line.railway_id.substr(line.railway_id.find(':') + 1));
    return ids;
}

const LineStatus& line_of(const TransitBoard& board, const std::string& railway) {
    auto it = std::find_if(board.lines.begin(), board.lines.end(), [&](const LineStatus& line) {
        return line.railway_id == "odpt.Railway:" + railway;
    });
    REQUIRE_MESSAGE(it != board.lines.end(), railway);
    return *it;
}

// The one message of a refused document.
std::string refusal(const Result<TransitBoard>& board) {
    REQUIRE_FALSE(board.ok());
    return board.error().describe();
}

std::string entry_with(const std::string& fields) {
    return R"({"@type":"odpt:TrainInformation","dc:date":"2026-12-01T08:05:00+09:00",)"
           R"("odpt:operator":"odpt.Operator:T","odpt:railway":"odpt.Railway:T.A")" +
           (fields.empty() ? "" : "," + fields) + "}";
}

// Why the single entry of `[entry]` was skipped ("" when it was kept).
std::string skip_reason(const std::string& entry) {
    std::vector<std::string> skipped;
    auto board = parse_train_information("[\n" + entry + "\n]", "f.json", {}, &skipped);
    REQUIRE_MESSAGE(board.ok(), board.error().describe());
    if (skipped.empty()) {
        CHECK(board->lines.size() == 1);
        return {};
    }
    CHECK(board->lines.empty());
    REQUIRE(skipped.size() == 1);
    const std::string prefix = "f.json:2: entry 1 skipped: ";
    REQUIRE_MESSAGE(skipped[0].starts_with(prefix), skipped[0]);
    return skipped[0].substr(prefix.size());
}

} // namespace

TEST_CASE("transit: normal service in four languages, in the names table's order") {
    const TransitBoard board = read_sample("normal.json");
    // Oedo, Ginza and Marunouchi as the names table lists them; the rest in feed order.
    CHECK(railways(board) == std::vector<std::string>{"Toei.Oedo", "TokyoMetro.Ginza",
                                                      "TokyoMetro.Marunouchi", "TokyoMetro.Hibiya",
                                                      "Toei.Asakusa", "JR-East.Yamanote"});
    CHECK(board.data_unix == at("2026-12-01T08:05:00+09:00"));
    CHECK(board.fetched_unix == 0);
    for (const LineStatus& line : board.lines) {
        CAPTURE(line.railway_id);
        CHECK(line.state == LineState::Normal);
        CHECK(line.status.empty());
        CHECK(line.text.size() == 4);
        CHECK(line.date_unix == board.data_unix);
    }
    const LineStatus& ginza = line_of(board, "TokyoMetro.Ginza");
    CHECK(ginza.operator_id == "odpt.Operator:TokyoMetro");
    CHECK(ginza.line_name.at("ja") == "銀座線");
    CHECK(ginza.line_name.at("ko") == "긴자선");
    CHECK(ginza.operator_name.at("zh-Hans") == "东京地铁");
    CHECK(ginza.text.at("ja") == "現在、平常どおり運転しています。");
    CHECK(ginza.text.at("en") == "Trains are operating normally.");
    // Not in the table: the id's last part, kept as undetermined language.
    const LineStatus& hibiya = line_of(board, "TokyoMetro.Hibiya");
    CHECK(hibiya.line_name == Texts{{"und", "Hibiya"}});
    CHECK(hibiya.operator_name.at("en") == "Tokyo Metro");
    const LineStatus& yamanote = line_of(board, "JR-East.Yamanote");
    CHECK(yamanote.operator_name == Texts{{"und", "JR-East"}});
    CHECK(yamanote.line_name == Texts{{"und", "Yamanote"}});
}

TEST_CASE("transit: a delay, a suspension and a resumption") {
    const TransitBoard delay = read_sample("delay.json");
    const LineStatus& ginza = line_of(delay, "TokyoMetro.Ginza");
    CHECK(ginza.state == LineState::Delay);
    CHECK(ginza.status ==
          Texts{{"en", "Delay"}, {"ja", "遅延"}, {"ko", "지연"}, {"zh-Hans", "延误"}});
    CHECK(ginza.text.at("ja").starts_with("7時48分頃"));
    CHECK(ginza.text.at("ko").starts_with("7시 48분경"));
    for (const LineStatus& line : delay.lines)
        if (line.railway_id != ginza.railway_id) CHECK(line.state == LineState::Normal);

    const TransitBoard suspension = read_sample("suspension.json");
    CHECK(line_of(suspension, "Toei.Oedo").state == LineState::Suspended);
    CHECK(line_of(suspension, "Toei.Oedo").status.at("zh-Hans") == "暂停运行");
    CHECK(line_of(suspension, "TokyoMetro.Ginza").state == LineState::Delay);
    CHECK(line_of(suspension, "Toei.Asakusa").state == LineState::Normal);

    const TransitBoard resumption = read_sample("resumption.json");
    CHECK(line_of(resumption, "Toei.Oedo").state == LineState::Resumed);
    CHECK(line_of(resumption, "TokyoMetro.Ginza").state == LineState::Normal);
    CHECK(resumption.data_unix == at("2026-12-01T09:05:00+09:00"));
}

TEST_CASE("transit: stale data is marked stale, current data is not") {
    const int64_t now = at("2026-12-01T08:05:00+09:00");
    const TransitBoard stale = read_sample("stale.json");
    CHECK(stale.data_unix == at("2026-12-01T05:30:00+09:00"));
    CHECK(is_stale(stale, now, 15));
    CHECK_FALSE(is_stale(stale, now, 200)); // 155 minutes old

    const TransitBoard current = read_sample("normal.json");
    CHECK_FALSE(is_stale(current, now, 15));
    CHECK_FALSE(is_stale(current, now + 15 * 60, 15)); // exactly the limit: still current
    CHECK(is_stale(current, now + 15 * 60 + 1, 15));
    CHECK_FALSE(is_stale(current, now - 3600, 15)); // the kiosk's clock is behind

    // A feed dated ahead of its fetch cannot stay current: its age counts from the fetch.
    TransitBoard ahead = current;
    ahead.data_unix = now + 24 * 3600;
    ahead.fetched_unix = now;
    CHECK_FALSE(is_stale(ahead, now + 10 * 60, 15));
    CHECK(is_stale(ahead, now + 16 * 60, 15));
    // Fetched later than its date: the date counts.
    TransitBoard fetched_late = current;
    fetched_late.fetched_unix = now + 3600;
    CHECK(is_stale(fetched_late, now + 3600, 15));

    // No date at all (an empty feed) is never current.
    CHECK(is_stale(TransitBoard{}, now, 15));
}

TEST_CASE("transit: classify reads ja first, then en") {
    CHECK(classify({}) == LineState::Normal);
    CHECK(classify({{"ja", "遅延"}}) == LineState::Delay);
    CHECK(classify({{"ja", "運転見合わせ"}}) == LineState::Suspended);
    CHECK(classify({{"ja", "一部運休"}}) == LineState::Suspended);
    CHECK(classify({{"ja", "見合わせ"}}) == LineState::Suspended);
    CHECK(classify({{"ja", "運転再開"}}) == LineState::Resumed);
    CHECK(classify({{"ja", "再開"}}) == LineState::Resumed);
    CHECK(classify({{"ja", "平常運転"}}) == LineState::Normal);
    // The most severe word wins a mixed status.
    CHECK(classify({{"ja", "遅延・運転見合わせ"}}) == LineState::Suspended);
    CHECK(classify({{"ja", "運転再開（遅延あり）"}}) == LineState::Delay);
    // ja decides when it says something the kiosk knows, whatever en says.
    CHECK(classify({{"ja", "遅延"}, {"en", "Service resumed"}}) == LineState::Delay);
    // An unknown ja word: en is read.
    CHECK(classify({{"ja", "ダイヤ乱れ"}, {"en", "Delays"}}) == LineState::Delay);
    CHECK(classify({{"en", "Operation SUSPENDED"}}) == LineState::Suspended);
    CHECK(classify({{"en", "Service resumed"}}) == LineState::Resumed);
    CHECK(classify({{"en", "Normal operation"}}) == LineState::Normal);
    // Known to neither: a notice, shown as given.
    CHECK(classify({{"ja", "直通運転中止"}}) == LineState::Other);
    CHECK(classify({{"fr", "Retard"}}) == LineState::Other);
    CHECK(classify({{"ja", ""}, {"en", ""}}) == LineState::Normal);
}

TEST_CASE("transit: pick_text follows the chain, then en, then a name from an id, then any") {
    const Texts all{{"ja", "銀座線"}, {"en", "Ginza Line"}, {"ko", "긴자선"}};
    CHECK(*pick_text(all, {"ko", "ja"}) == "긴자선");
    CHECK(*pick_text(all, {"zh-Hans", "ja"}) == "銀座線");
    CHECK(*pick_text(all, {"ne"}) == "Ginza Line");
    CHECK(*pick_text({{"und", "Hibiya"}}, {"ja"}) == "Hibiya");
    CHECK(*pick_text({{"fr", "Retard"}}, {"ja"}) == "Retard");
    CHECK(pick_text({}, {"ja"}) == nullptr);
}

TEST_CASE("transit: wrong types skip their entry with a reason and a line; the rest is kept") {
    std::vector<std::string> skipped;
    const TransitBoard board = read_sample("hostile/wrong-types.json", &skipped);
    CHECK(railways(board) ==
          std::vector<std::string>{"TokyoMetro.Yurakucho", "TokyoMetro.Hanzomon"});
    CHECK(line_of(board, "TokyoMetro.Yurakucho").state == LineState::Delay);
    CHECK(line_of(board, "TokyoMetro.Hanzomon").state == LineState::Normal); // a null status
    const std::string f = "hostile/wrong-types.json:";
    const std::string object_of_texts =
        ", not an object of texts by language like {\"ja\": \"...\", \"en\": \"...\"}";
    const std::vector<std::string> expected{
        f + "2: entry 1 skipped: odpt:railway is an object, not a string",
        f + "3: entry 2 skipped: odpt:trainInformationStatus is a number" + object_of_texts,
        f + "4: entry 3 skipped: odpt:trainInformationText \"ja\" is a number, not a string",
        f + "5: entry 4 skipped: dc:date is not a date-time like 2026-12-01T08:05:00+09:00 (the "
            "time zone offset (like +09:00) is missing)",
        f + "6: entry 5 skipped: odpt:operator is a number, not a string",
        f + "7: entry 6 skipped: is a string, not an object",
        f + "10: entry 9 skipped: odpt:trainInformationText \"ja\" is 3000 bytes, more than the "
            "limit of 2048",
        f + "11: entry 10 skipped: odpt:trainInformationStatus is a string" + object_of_texts,
        f + "12: entry 11 skipped: odpt:trainInformationStatus \"ja\" is an array, not a string",
        f + "13: entry 12 skipped: dc:date is a number, not a string",
        f + "14: entry 13 skipped: odpt:railway is missing",
        f + "15: entry 14 skipped: odpt:railway \"odpt.Railway:TokyoMetro.Yurakucho\" was given "
            "by entry 7 already",
    };
    CHECK(skipped == expected);
}

TEST_CASE("transit: entry rules, one at a time") {
    CHECK(skip_reason(entry_with("")) == "");
    CHECK(skip_reason(entry_with(R"("odpt:trainInformationStatus":null)")) == "");
    CHECK(skip_reason(R"({"@type":"odpt:Railway","dc:date":"2026-12-01T08:05:00+09:00",)"
                      R"("odpt:operator":"odpt.Operator:T","odpt:railway":"odpt.Railway:T.A"})") ==
          "@type is not \"odpt:TrainInformation\"");
    CHECK(skip_reason(entry_with(R"("@type":"odpt:TrainInformation")")) == "@type appears twice");
    CHECK(skip_reason(R"({"@type":1,"dc:date":"2026-12-01T08:05:00+09:00",)"
                      R"("odpt:operator":"odpt.Operator:T","odpt:railway":"odpt.Railway:T.A"})") ==
          "@type is a number, not a string");
    CHECK(skip_reason(entry_with(R"("odpt:railway":"odpt.Railway:T.B")")) ==
          "odpt:railway appears twice");
    CHECK(skip_reason(entry_with(R"("odpt:trainInformationText":{"ja":"a","ja":"b"})")) ==
          "odpt:trainInformationText gives \"ja\" twice");
    CHECK(skip_reason(entry_with(R"("odpt:trainInformationText":{"<script>":"x"})")) ==
          "odpt:trainInformationText has a language tag that is not one (like \"ja\", \"en\", "
          "\"zh-Hans\")");
    CHECK(skip_reason(entry_with(R"("odpt:trainInformationText":{"ja":"a\u0007b"})")) ==
          "odpt:trainInformationText \"ja\" contains a control character");
    CHECK(skip_reason(entry_with(R"("odpt:trainInformationText":{"ja":"a\nb"})")) == "");
    CHECK(skip_reason(
              R"({"dc:date":"2026-12-01T08:05:00+09:00","odpt:railway":"odpt.Railway:T.A"})") ==
          "odpt:operator is missing");
    CHECK(skip_reason(R"({"dc:date":"2026-12-01T08:05:00+09:00","odpt:railway":"has space",)"
                      R"("odpt:operator":"odpt.Operator:T"})") ==
          "odpt:railway is not an id like \"odpt.Railway:TokyoMetro.Ginza\"");
    CHECK(skip_reason(R"({"odpt:railway":"odpt.Railway:T.A","odpt:operator":"odpt.Operator:T"})") ==
          "dc:date is missing");
    CHECK(skip_reason(R"({"dc:date":"2026-02-30T08:05:00Z","odpt:railway":"odpt.Railway:T.A",)"
                      R"("odpt:operator":"odpt.Operator:T"})") ==
          "dc:date is not a date-time like 2026-12-01T08:05:00+09:00 (day 30 does not exist in "
          "that month)");
    CHECK(skip_reason("[1,2]") == "is an array, not an object");
    CHECK(skip_reason("null") == "is null, not an object");
    // RFC 3339's UTC and fractions are dates with an offset.
    CHECK(skip_reason(R"({"dc:date":"2026-11-30T23:05:00.123Z","odpt:railway":"odpt.Railway:T.A",)"
                      R"("odpt:operator":"odpt.Operator:T"})") == "");
    // Unknown fields, however nested (within the depth limit), are passed over.
    CHECK(skip_reason(
              entry_with(R"("odpt:transferRailways":[{"a":[1,2,{"b":null}]}],"x":{"y":1})")) == "");
}

TEST_CASE("transit: the text limits: bytes, languages, ids") {
    const std::string at_limit(kMaxTextBytes, 'a');
    CHECK(skip_reason(entry_with(R"("odpt:trainInformationText":{"en":")" + at_limit + "\"}")) ==
          "");
    CHECK(skip_reason(entry_with(R"("odpt:trainInformationText":{"en":")" + at_limit + "a\"}")) ==
          "odpt:trainInformationText \"en\" is 2049 bytes, more than the limit of 2048");
    std::string languages;
    for (size_t i = 0; i <= kMaxLanguages; ++i)
        languages += (i ? "," : "") + std::string("\"x-") + std::to_string(i) + "\":\"t\"";
    CHECK(skip_reason(entry_with(R"("odpt:trainInformationText":{)" + languages + "}")) ==
          "odpt:trainInformationText has more than 32 languages");
    const std::string long_id = "odpt.Railway:" + std::string(kMaxIdBytes, 'x');
    CHECK(skip_reason(R"({"dc:date":"2026-12-01T08:05:00+09:00","odpt:operator":"odpt.Operator:T",)"
                      R"("odpt:railway":")" +
                      long_id + "\"}") == "odpt:railway is 269 bytes, more than 256");
}

TEST_CASE("transit: a name made from an id is never empty") {
    std::string json = "[";
    for (const char* id : {"odpt.Railway:A.Chuo", "odpt.Railway:B", "odpt.Railway:", "x.", "C:D."})
        json += std::string(json.size() > 1 ? "," : "") +
                R"({"dc:date":"2026-12-01T08:05:00+09:00","odpt:operator":"odpt.Operator:",)"
                R"("odpt:railway":")" +
                id + R"("})";
    auto board = parse_train_information(json + "]", "f.json", {});
    REQUIRE(board.ok());
    std::vector<std::string> names;
    for (const LineStatus& line : board->lines) {
        names.push_back(line.line_name.at("und"));
        CHECK(line.operator_name.at("und") == "Operator:");
    }
    CHECK(names == std::vector<std::string>{"Chuo", "B", "Railway:", "x.", "D."});
}

TEST_CASE("transit: texts in languages the kiosk does not know are kept, never required") {
    const TransitBoard board = read_sample("hostile/unknown-languages.json");
    REQUIRE(board.lines.size() == 2);
    const LineStatus& ginza = line_of(board, "TokyoMetro.Ginza");
    CHECK(ginza.state == LineState::Other);
    CHECK(ginza.status.at("fr") == "Retard");
    CHECK(*pick_text(ginza.status, {"ja", "en"}) == "Verspätung"); // something, not nothing
    CHECK(line_of(board, "TokyoMetro.Hibiya").state == LineState::Normal);
    CHECK(line_of(board, "TokyoMetro.Hibiya").text.at("tlh") == "QaQ");
}

TEST_CASE("transit: documents refused whole, each with one message naming the file") {
    const TransitNames names = test_names();
    auto read = [&](const std::string& name) {
        return parse_train_information(read_odpt(name), name, names);
    };
    CHECK(refusal(read("hostile/not-json.json")) ==
          "hostile/not-json.json:1: not JSON: syntax error while parsing value - invalid literal");
    CHECK(refusal(read("hostile/not-an-array.json")) ==
          "hostile/not-an-array.json: is an object in JSON, not an array: "
          "odpt:TrainInformation is an array of entries");
    const std::string truncated = refusal(read("hostile/truncated.json"));
    CHECK_MESSAGE(truncated.starts_with("hostile/truncated.json:"), truncated);
    CHECK(truncated.find(": not JSON: ") != std::string::npos);

    // The invalid byte is on the Ginza text's "ja" line.
    const std::string bytes = read_odpt("hostile/invalid-utf8.json");
    const size_t bad = bytes.find('\xFF');
    REQUIRE(bad != std::string::npos);
    const auto line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<long>(bad), '\n');
    CHECK(refusal(read("hostile/invalid-utf8.json")) ==
          "hostile/invalid-utf8.json:" + std::to_string(line) + ": not UTF-8 (byte " +
              std::to_string(bad) + "); JSON is UTF-8");

    CHECK(refusal(parse_train_information(huge_feed(), "huge.json", names)) ==
          "huge.json: is 3 MiB, more than the limit of 2 MiB for a transit feed");
    CHECK(refusal(parse_train_information(deep_feed(), "deep.json", names)) ==
          "deep.json: nested deeper than 16 levels; odpt:TrainInformation is 3 levels deep");
    CHECK(refusal(parse_train_information(many_entries_feed(), "many.json", names)) ==
          "many.json: more than 300 entries, the limit for one transit feed");
    CHECK(refusal(parse_train_information("", "empty.json", names))
              .starts_with("empty.json:1: not JSON: "));
    CHECK(
        refusal(parse_train_information("\"odpt\"", "s.json", names)) ==
        "s.json: is a string in JSON, not an array: odpt:TrainInformation is an array of entries");
    CHECK(refusal(parse_train_information("[] []", "two.json", names))
              .starts_with("two.json:1: not JSON: "));
}

TEST_CASE("transit: the limits are exact") {
    CHECK(parse_train_information(feed_of(int(kMaxLines)), "f.json", {})->lines.size() ==
          kMaxLines);
    CHECK_FALSE(parse_train_information(feed_of(int(kMaxLines) + 1), "f.json", {}).ok());
    auto nested = [](int levels) {
        return std::string(size_t(levels), '[') + std::string(size_t(levels), ']');
    };
    std::vector<std::string> skipped;
    // 16 levels: read (its one entry is an array, skipped); 17: refused.
    CHECK(parse_train_information(nested(kMaxFeedDepth), "f.json", {}, &skipped).ok());
    CHECK(skipped ==
          std::vector<std::string>{"f.json:1: entry 1 skipped: is an array, not an object"});
    CHECK_FALSE(parse_train_information(nested(kMaxFeedDepth + 1), "f.json", {}).ok());
    std::string padded = feed_of(3);
    padded.insert(1, kMaxFeedBytes - padded.size(), ' ');
    CHECK(parse_train_information(padded, "f.json", {}).ok());
    padded.insert(1, " ");
    CHECK_FALSE(parse_train_information(padded, "f.json", {}).ok());
    // A byte order mark is not content.
    CHECK(parse_train_information("\xEF\xBB\xBF" + feed_of(2), "f.json", {})->lines.size() == 2);
}

TEST_CASE("transit: skipped entries are named up to a limit, then counted") {
    std::string json = "[";
    for (int i = 0; i < 25; ++i)
        json += (i ? ",\n" : "\n") + std::string("42");
    json += ",\n" + numbered_entry(1) + "\n]";
    std::vector<std::string> skipped;
    auto board = parse_train_information(json, "f.json", {}, &skipped);
    REQUIRE(board.ok());
    CHECK(board->lines.size() == 1);
    REQUIRE(skipped.size() == kMaxSkippedNotes + 1);
    CHECK(skipped.front() == "f.json:2: entry 1 skipped: is a number, not an object");
    CHECK(skipped[kMaxSkippedNotes - 1] ==
          "f.json:21: entry 20 skipped: is a number, not an object");
    CHECK(skipped.back() == "f.json: 5 more entries skipped");
}

TEST_CASE("transit: an empty feed is a board with no lines and no date") {
    const TransitBoard board = read_sample("hostile/empty-array.json");
    CHECK(board.lines.empty());
    CHECK(board.data_unix == 0);
    CHECK(is_stale(board, at("2026-12-01T08:05:00+09:00"), 15));
}

TEST_CASE("transit: every hostile input: no crash, read or refused with one line naming it") {
    std::vector<std::pair<std::string, std::string>> inputs{
        {"huge.json", huge_feed()}, {"deep.json", deep_feed()}, {"many.json", many_entries_feed()}};
    for (const auto& file : std::filesystem::directory_iterator(odpt_path("hostile")))
        inputs.emplace_back(file.path().filename().string(), bundle::test::read_file(file.path()));
    REQUIRE(inputs.size() >= 10);
    for (const auto& [name, bytes] : inputs) {
        CAPTURE(name);
        std::vector<std::string> skipped;
        auto board = parse_train_information(bytes, name, test_names(), &skipped);
        if (board.ok()) {
            CHECK(board->lines.size() <= kMaxLines);
            for (const LineStatus& line : board->lines)
                for (const Texts* texts : {&line.status, &line.text})
                    for (const auto& [tag, text] : *texts)
                        CHECK(text.size() <= kMaxTextBytes);
        } else {
            CHECK(board.error().file == name);
            CHECK_FALSE(board.error().message.empty());
            CHECK(board.error().describe().find('\n') == std::string::npos);
        }
        CHECK(skipped.size() <= kMaxSkippedNotes + 1);
        for (const std::string& note : skipped)
            CHECK(note.starts_with(name + ":"));
    }
}

TEST_CASE("transit: names from transit-names.toml, in the file's order") {
    const TransitNames names = test_names();
    REQUIRE(names.railways.size() == 3);
    CHECK(names.railways[0].first == "odpt.Railway:Toei.Oedo");
    CHECK(names.railways[1].first == "odpt.Railway:TokyoMetro.Ginza");
    CHECK(names.railways[2].first == "odpt.Railway:TokyoMetro.Marunouchi");
    CHECK(names.railways[0].second.at("ko") == "도에이 오에도선");
    REQUIRE(names.operators.size() == 2);
    CHECK(names.operators[0].first == "odpt.Operator:TokyoMetro");
    CHECK(names.operators[1].second.at("ja") == "都営地下鉄");
    // Inline tables and a byte order mark are fine; an empty file names nothing.
    auto inline_form = parse_transit_names(
        "\xEF\xBB\xBF[railways]\n\"odpt.Railway:A.B\" = { ja = \"線\" }\n", "n.toml");
    REQUIRE_MESSAGE(inline_form.ok(), inline_form.error().describe());
    CHECK(inline_form->railways[0].second.at("ja") == "線");
    CHECK(parse_transit_names("", "n.toml")->railways.empty());
}

TEST_CASE("transit: a bad names file is one error with its line") {
    auto error = [](const std::string& toml) {
        auto names = parse_transit_names(toml, "transit-names.toml");
        REQUIRE_FALSE(names.ok());
        return names.error().describe();
    };
    CHECK(error("[lines.\"odpt.Railway:A.B\"]\nja = \"x\"\n") ==
          "transit-names.toml:1: unknown key \"lines\" (allowed: \"operators\", \"railways\")");
    CHECK(error("railways = 3\n") ==
          "transit-names.toml:1: railways is an integer, not a table of ids");
    CHECK(error("[railways]\n\"odpt.Railway:A.B\" = \"x\"\n") ==
          "transit-names.toml:2: \"odpt.Railway:A.B\" is a string, not a table of names by "
          "language (ja = \"...\")");
    CHECK(error("[railways.\"odpt.Railway:A.B\"]\nja = \"x\"\nen = 5\n") ==
          "transit-names.toml:3: \"odpt.Railway:A.B\": en is an integer, not a string");
    CHECK(error("[railways.\"odpt.Railway:A.B\"]\nja = \"\"\n") ==
          "transit-names.toml:2: \"odpt.Railway:A.B\": ja is empty");
    CHECK(error("[railways.\"odpt.Railway:A.B\"]\n\"j a\" = \"x\"\n") ==
          "transit-names.toml:2: \"odpt.Railway:A.B\": \"j a\" is not a language tag like "
          "\"ja\", \"en\" or \"zh-Hans\"");
    CHECK(error("[railways.\"Ginza Line\"]\nja = \"x\"\n") ==
          "transit-names.toml:1: [railways]: \"Ginza Line\" is not an ODPT id like "
          "\"odpt.Railway:TokyoMetro.Ginza\"");
    CHECK(error("[railways.\"odpt.Railway:A.B\"]\n") ==
          "transit-names.toml:1: \"odpt.Railway:A.B\" has no name in any language");
    CHECK(error("\n[railways.\"odpt.Railway:A.B\"]\nja = \"\xFF\"\n") ==
          "transit-names.toml:3: invalid UTF-8; save the file as UTF-8 in your editor");
    CHECK(error("[railways.\"odpt.Railway:A.B\"]\nja = 銀座線\n") ==
          "transit-names.toml:2: TOML syntax error: unexpected \"銀\" outside quotes (text values "
          "go in quotes, like name = \"...\")");
    CHECK(error("[railways.\"odpt.Railway:A.B\"]\nja = \"x\"\nja = \"y\"\n")
              .starts_with("transit-names.toml:3: TOML syntax error: "));
    CHECK(error("x = " + std::string(100, '[')).starts_with("transit-names.toml:1: refused: "));
    CHECK(error(std::string(kMaxNamesBytes + 1, '#')) ==
          "transit-names.toml: is 262145 bytes, more than the limit of 262144 for the transit "
          "names");
}
