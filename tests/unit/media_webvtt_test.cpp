// parse_webvtt(): captions for video from tests/data/webvtt (a Japanese file with ruby and a
// voice tag, an English one with a BOM, CRLF, tags and entities), NOTE blocks, overlapping
// cues through cue_at, and hostile input: each refusal one message naming the file and line.

#include "player/media/webvtt.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace kiosk::media;

namespace {

namespace fs = std::filesystem;

std::string read_data(const std::string& name) {
    std::ifstream in(fs::path(KIOSK_TEST_DATA) / "data/webvtt" / name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read tests/data/webvtt/" << name);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Captions parsed(std::string_view text) {
    auto result = parse_webvtt(text, "t.vtt");
    REQUIRE_MESSAGE(result.ok(), result.error().describe());
    return std::move(result).value();
}

// The one message a refused file gives, as `bundle check` would print it.
std::string refusal(std::string_view text) {
    auto result = parse_webvtt(text, "t.vtt");
    REQUIRE_FALSE(result.ok());
    return result.error().describe();
}

} // namespace

TEST_CASE("webvtt: the Japanese captions") {
    auto result = parse_webvtt(read_data("ja.vtt"), "captions/ja.vtt");
    REQUIRE_MESSAGE(result.ok(), result.error().describe());
    const auto& cues = result->cues;
    REQUIRE(cues.size() == 3);
    CHECK(cues[0].start_ms == 500);
    CHECK(cues[0].end_ms == 3000);
    CHECK(cues[0].text == "ようこそ、区役所へ。");
    CHECK(cues[0].line == 6);
    CHECK(cues[1].text == "番号札を取って、\nお待ちください。");
    CHECK(cues[1].end_ms == 6500);
    CHECK(cues[2].text == "手話の窓口は<2番>です。");
    CHECK(cue_at(*result, 3000) == &cues[1]); // a cue ends as the next begins
    CHECK(cue_at(*result, 499) == nullptr);
    CHECK(cue_at(*result, 9000) == nullptr);
}

TEST_CASE("webvtt: the English captions (BOM, CRLF, header, tags and entities)") {
    auto result = parse_webvtt(read_data("en.vtt"), "captions/en.vtt");
    REQUIRE_MESSAGE(result.ok(), result.error().describe());
    const auto& cues = result->cues;
    REQUIRE(cues.size() == 3);
    CHECK(cues[0].text == "Welcome to the ward office.");
    CHECK(cues[0].line == 9);
    CHECK(cues[1].text == "Please take a number\nand wait to be called.");
    CHECK(cues[2].start_ms == 6500);
    CHECK(cues[2].text == "Sign language: counter\u00A02 & counter 3.");
}

TEST_CASE("webvtt: line endings, blocks and cue text") {
    SUBCASE("CR, LF and CRLF give the same cues") {
        const std::string lf = "WEBVTT\n\n00:01.000 --> 00:02.000\na\nb\n";
        std::string cr = lf, crlf;
        for (char& c : cr)
            if (c == '\n') c = '\r';
        for (char c : lf)
            crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        for (const std::string& text : {lf, cr, crlf}) {
            auto captions = parsed(text);
            REQUIRE(captions.cues.size() == 1);
            CHECK(captions.cues[0].text == "a\nb");
            CHECK(captions.cues[0].line == 3);
        }
    }
    SUBCASE("NOTE, STYLE and REGION blocks are skipped; NOTES is not a NOTE") {
        auto captions = parsed("WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r\n\n"
                               "NOTE a comment\nover two lines\n\n"
                               "NOTE\ttoo\n\n00:01.000 --> 00:02.000\nshown\n\n"
                               "NOTE a timing line ends a note, as in the W3C parser\n"
                               "00:03.000 --> 00:04.000 settings ignored\nalso shown\n");
        REQUIRE(captions.cues.size() == 2);
        CHECK(captions.cues[0].text == "shown");
        CHECK(captions.cues[1].text == "also shown");
        CHECK(refusal("WEBVTT\n\nNOTES\nx\n").find("t.vtt:3: expected a cue timing line") == 0);
    }
    SUBCASE("signature with a title; hours; settings ignored; empty and adjacent cues") {
        auto captions = parsed("WEBVTT\tTitle\n\n01:00:00.000 --> 01:00:01.000 align:start\n\n"
                               "00:00.000 --> 00:00.001\n00:00.001 --> 00:00.002\nx\n");
        REQUIRE(captions.cues.size() == 3);
        CHECK(captions.cues[0].start_ms == 0);
        CHECK(captions.cues[0].text.empty()); // a "-->" line ends the cue before it
        CHECK(captions.cues[1].text == "x");
        CHECK(captions.cues[2].start_ms == 3'600'000);
        CHECK(captions.cues[2].text.empty());
        CHECK(parsed("WEBVTT").cues.empty());
    }
    SUBCASE("tags, ruby and entities") {
        auto captions = parsed("WEBVTT\n\n00:01.000 --> 00:02.000\n"
                               "<c.yellow.bg>a</c> <v.loud Mary Ann>b</v> <lang en>c</lang>"
                               "<00:01.500>d &amp;&lt;&gt;&lrm;&rlm;&quot;&apos; &copy; & "
                               "<ruby>漢<rt>かん</rt>字</ruby> <i>open");
        CHECK(captions.cues[0].text == "a b cd &<>\u200E\u200F\"' &copy; & 漢字 open");
        CHECK(parsed("WEBVTT\n\n00:01.000 --> 00:02.000\nx <b\ny\n").cues[0].text == "x ");
    }
}

TEST_CASE("webvtt: overlapping cues and cue_at") {
    // a: 0-10 s, b: 2-4 s (inside a), c: 3-6 s, d: 8-12 s, e: 20-21 s, listed out of order.
    auto captions = parsed("WEBVTT\n\n00:08.000 --> 00:12.000\nd\n\n00:00.000 --> 00:10.000\na\n\n"
                           "00:02.000 --> 00:04.000\nb\n\n00:03.000 --> 00:06.000\nc\n\n"
                           "00:20.000 --> 00:21.000\ne\n");
    REQUIRE(captions.cues.size() == 5);
    std::string order;
    for (const Cue& cue : captions.cues)
        order += cue.text;
    CHECK(order == "abcde");
    auto at = [&](int64_t ms) {
        const Cue* cue = cue_at(captions, ms);
        return cue ? cue->text : std::string("-");
    };
    CHECK(at(-1) == "-");
    CHECK(at(0) == "a");
    CHECK(at(1999) == "a");
    CHECK(at(2000) == "b");
    CHECK(at(3000) == "c");
    CHECK(at(5999) == "c");
    CHECK(at(6000) == "a"); // c and b have ended: back to the cue still showing
    CHECK(at(8000) == "d");
    CHECK(at(11999) == "d");
    CHECK(at(12000) == "-");
    CHECK(at(20500) == "e");
    CHECK(at(21000) == "-");

    SUBCASE("hand-built captions through index_captions") {
        Captions hand;
        hand.cues.push_back({5000, 6000, "late", 0});
        hand.cues.push_back({0, 10000, "long", 0});
        index_captions(hand);
        CHECK(cue_at(hand, 5500)->text == "late");
        CHECK(cue_at(hand, 6000)->text == "long");
        CHECK(cue_at(Captions{}, 0) == nullptr);
    }
}

TEST_CASE("webvtt: every refusal names the file, the line and the fix") {
    using namespace std::string_literals;
    CHECK(refusal("") == "t.vtt:1: missing the WEBVTT signature (the first line must be "
                         "\"WEBVTT\", optionally followed by a space and a title)");
    CHECK(refusal("WEBVTTX\n").find("t.vtt:1: missing the WEBVTT signature") == 0);
    CHECK(refusal("\n\nWEBVTT\n").find("t.vtt:1: missing the WEBVTT signature") == 0);
    CHECK(refusal("\xEF\xBB\xBF\xEF\xBB\xBFWEBVTT\n").find("t.vtt:1: missing") == 0);
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\nx\x01\xFF\n") ==
          "t.vtt:6: invalid UTF-8 (save the captions as UTF-8)");
    CHECK(refusal("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\na\0b\r\n"s) ==
          "t.vtt:4: NUL byte in the captions (save them as UTF-8 text)");
    CHECK(refusal("WEBVTT\r\rcue\r\r") ==
          "t.vtt:3: expected a cue timing line after the cue identifier (write "
          "\"00:00:01.000 --> 00:00:04.000\" on the next line, or a NOTE for a comment)");
    CHECK(refusal("WEBVTT\n\n00:01.000 -> 00:02.000\n").find("t.vtt:3: expected a cue timing") ==
          0);

    const std::string fix = " (write hh:mm:ss.ttt or mm:ss.ttt, e.g. 01:02.500)";
    const std::pair<const char*, const char*> bad_timings[] = {
        {"1:02.000 --> 00:03.000", "bad timestamp \"1:02.000\": expected ':' before the seconds"},
        {"00:1.000 --> 00:03.000", "bad timestamp \"00:1.000\": minutes and seconds take two "
                                   "digits"},
        {"00:01,000 --> 00:03.000", "bad timestamp \"00:01,000\": expected '.' before the "
                                    "milliseconds"},
        {"00:01.00 --> 00:03.000", "bad timestamp \"00:01.00\": milliseconds take three digits"},
        {"00:60:00.000 --> 01:00:00.000", "bad timestamp \"00:60:00.000\": minutes and seconds "
                                          "go up to 59"},
        {"00:01.000 --> x", "bad timestamp \"x\": expected digits"},
        {"-00:01.000 --> 00:02.000", "bad timestamp \"-00:01.000\": expected digits"},
    };
    for (const auto& [timing, what] : bad_timings) {
        CAPTURE(timing);
        CHECK(refusal("WEBVTT\n\nid\n"s + timing + "\ntext\n") == "t.vtt:4: "s + what + fix);
    }
    CHECK(refusal("WEBVTT\n\n00:01.000 to --> 00:02.000\n") ==
          "t.vtt:3: expected \"-->\" after the start time (write \"00:00:01.000 --> "
          "00:00:04.000\")");
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000x\n") ==
          "t.vtt:3: unexpected text right after the end time (separate cue settings from it "
          "with a space)");
    CHECK(refusal("WEBVTT\n\n00:02.000 --> 00:02.000\n") ==
          "t.vtt:3: the cue ends before or when it starts (make the end time later than the "
          "start time)");
    CHECK(refusal("WEBVTT\n\n00:03.000 --> 00:02.000\n").find("t.vtt:3: the cue ends") == 0);
}

TEST_CASE("webvtt: limits") {
    using namespace std::string_literals;
    SUBCASE("24 h timestamps") {
        CHECK(parsed("WEBVTT\n\n23:59:59.000 --> 24:00:00.000\nlast\n").cues.size() == 1);
        CHECK(refusal("WEBVTT\n\n23:59:59.000 --> 24:00:00.001\n") ==
              "t.vtt:3: timestamp 24:00:00.001 is over the 24 h limit for captions "
              "(kMaxTimestampMs) (write hh:mm:ss.ttt or mm:ss.ttt, e.g. 01:02.500)");
        // Digits that would overflow an int64 saturate and still meet the limit.
        CHECK(refusal("WEBVTT\n\n99999999999999999999999:00:00.000 --> 00:01.000\n")
                  .find("over the 24 h limit") != std::string::npos);
    }
    SUBCASE("1 MiB") {
        std::string big = "WEBVTT\n\nNOTE\n";
        big.append(kMaxWebvttBytes - big.size(), 'x');
        CHECK(parse_webvtt(big, "t.vtt").ok());
        big += 'x';
        CHECK(refusal(big) == "t.vtt: captions are 1048577 bytes, over the 1 MiB limit "
                              "(kMaxWebvttBytes) (split or shorten the captions)");
    }
    SUBCASE("10,000 cues") {
        std::string text = "WEBVTT\n";
        for (size_t i = 0; i < kMaxCues; ++i)
            text += "\n00:01.000 --> 00:02.000\n";
        auto captions = parsed(text);
        CHECK(captions.cues.size() == kMaxCues);
        CHECK(cue_at(captions, 1500) == &captions.cues.back());
        text += "\n00:01.000 --> 00:02.000\n";
        CHECK(refusal(text) == "t.vtt:" + std::to_string(3 + 2 * kMaxCues) +
                                   ": more than 10000 cues, the limit for one caption file "
                                   "(kMaxCues) (split the captions)");
    }
    SUBCASE("2,000 bytes of text per cue") {
        const std::string head = "WEBVTT\n\n00:01.000 --> 00:02.000\n";
        std::string text(999, 'a');
        text += '\n';
        text.append(1000, 'b');
        CHECK(parsed(head + text + "\n").cues[0].text.size() == kMaxCueTextBytes);
        CHECK(refusal(head + text + "\nc\n") ==
              "t.vtt:6: cue text over 2000 bytes, the limit for one cue (kMaxCueTextBytes) "
              "(split it into shorter cues)");
    }
    SUBCASE("cost stays linear: a file of short lines and one of many tags") {
        std::string lines = "WEBVTT\n\n";
        while (lines.size() < kMaxWebvttBytes - 1)
            lines += "\n";
        CHECK(parsed(lines).cues.empty());
        std::string tags = "WEBVTT\n\n";
        for (size_t i = 0; i < 5000; ++i) {
            tags += "00:01.000 --> 00:02.000\n";
            for (int j = 0; j < 40; ++j)
                tags += "<b>";
            tags += "\n\n";
        }
        CHECK(parsed(tags).cues.size() == 5000);
    }
}
