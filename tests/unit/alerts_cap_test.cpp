// parse_cap(): OASIS CAP 1.2 alerts from tests/data/cap (a JMA-style tsunami warning in
// Japanese and English, its Update and Cancel, a drill, a test) and hostile input (DTDs,
// entity bombs, deep nesting, oversize, bad dates, bad encodings, CAP 1.1), each refused
// with one message naming the file and, where there is one, the line.

#include "player/alerts/cap_alert.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace kiosk::alerts;

namespace {

namespace fs = std::filesystem;

const fs::path kCapData = fs::path(KIOSK_TEST_DATA) / "data/cap";

std::string read_data(const std::string& relative) {
    std::ifstream in(kCapData / relative, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read tests/data/cap/" << relative);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

kiosk::Result<CapAlert> parse_data(const std::string& relative) {
    return parse_cap(read_data(relative), relative);
}

// The one message a refused file gives, as `kiosk alert check` prints it.
std::string refusal(const kiosk::Result<CapAlert>& result) {
    REQUIRE_FALSE(result.ok());
    return result.error().describe();
}

const std::string kNs = "urn:oasis:names:tc:emergency:cap:1.2";

// A valid alert around `info` (placed inside <alert> after <scope>), line 1 = <alert>.
std::string alert_with(const std::string& body,
                       const std::string& sent = "2026-12-01T10:00:00+09:00") {
    return "<alert xmlns=\"" + kNs +
           "\">\n"
           "<identifier>id-1</identifier>\n"
           "<sender>city.example</sender>\n"
           "<sent>" +
           sent +
           "</sent>\n"
           "<status>Actual</status>\n"
           "<msgType>Alert</msgType>\n"
           "<scope>Public</scope>\n" +
           body + "</alert>\n";
}

std::string info_with(const std::string& extra) {
    return "<info>\n<event>Flood</event>\n<urgency>Expected</urgency>\n<severity>Moderate</"
           "severity>\n"
           "<certainty>Likely</certainty>\n" +
           extra + "</info>\n";
}

} // namespace

TEST_CASE("cap: a JMA-style tsunami warning in Japanese and English") {
    auto alert = parse_data("earthquake-tsunami.xml");
    REQUIRE_MESSAGE(alert.ok(), alert.error().describe());
    CHECK(alert->identifier == "urn:oid:2.49.0.1.392.0.20261201100300.tsunami.1");
    CHECK(alert->sender == "jma.go.jp");
    CHECK(alert->sent_unix == 1796086980); // 2026-12-01T01:03:00Z
    CHECK(alert->status == Status::Actual);
    CHECK(alert->msg_type == MsgType::Alert);
    CHECK(alert->scope == "Public");
    CHECK(alert->references.empty());
    REQUIRE(alert->infos.size() == 2);

    const CapInfo& ja = alert->infos[0];
    CHECK(ja.language == "ja-JP");
    CHECK(ja.event == "津波警報");
    CHECK(ja.urgency == Urgency::Immediate);
    CHECK(ja.severity == Severity::Severe);
    CHECK(ja.certainty == Certainty::Likely);
    CHECK(ja.effective_unix == 1796086980);
    CHECK(ja.onset_unix == 1796088000);
    CHECK(ja.expires_unix == 1796130180);
    CHECK(ja.sender_name == "気象庁");
    CHECK(ja.headline == "津波警報　宮城県に津波警報を発表しました");
    // Outer whitespace is trimmed, the lines inside are kept.
    CHECK(ja.description.rfind("12月1日10時00分ごろ、三陸沖を震源とする地震", 0) == 0);
    CHECK(ja.description.find("予想される津波の高さは3mです。\n") != std::string::npos);
    CHECK(ja.instruction.find("ただちに高台や津波避難ビル") != std::string::npos);
    CHECK(ja.instruction.ends_with("エレベーターは使わないでください。"));
    REQUIRE(ja.areas.size() == 1);
    CHECK(ja.areas[0].description == "宮城県 仙台市 宮城野区・若林区（沿岸部）");
    CHECK(ja.areas[0].geocodes == std::vector<std::string>{"JIS=04102", "JIS=04103"});

    const CapInfo& en = alert->infos[1];
    CHECK(en.language == "en-US");
    CHECK(en.event == "Tsunami Warning");
    CHECK(en.sender_name == "Japan Meteorological Agency");
    CHECK(en.headline == "Tsunami Warning issued for the coast of Miyagi Prefecture");
    CHECK(en.instruction.ends_with("Do not use elevators."));
    REQUIRE(en.areas.size() == 1);
    CHECK(en.areas[0].geocodes.size() == 2);
}

TEST_CASE("cap: an Update written with a cap: prefix references the first alert") {
    auto alert = parse_data("earthquake-tsunami-update.xml");
    REQUIRE_MESSAGE(alert.ok(), alert.error().describe());
    CHECK(alert->msg_type == MsgType::Update);
    CHECK(alert->sent_unix == 1796088600);
    REQUIRE(alert->references.size() == 1);
    CHECK(alert->references[0].sender == "jma.go.jp");
    CHECK(alert->references[0].identifier == "urn:oid:2.49.0.1.392.0.20261201100300.tsunami.1");
    CHECK(alert->references[0].sent_unix == 1796086980);
    REQUIRE(alert->infos.size() == 2);
    CHECK(alert->infos[0].event == "大津波警報");
    CHECK(alert->infos[0].severity == Severity::Extreme);
    CHECK(alert->infos[0].certainty == Certainty::Observed);
    CHECK(alert->infos[0].effective_unix == 0); // absent: the consumer uses `sent`
    CHECK(alert->infos[0].onset_unix == 0);
    CHECK(alert->infos[1].event == "Major Tsunami Warning");
    CHECK(alert->infos[1].areas[0].geocodes == std::vector<std::string>{"JIS=04102", "JIS=04103"});
}

TEST_CASE("cap: a Cancel references both earlier alerts, one per whitespace-separated triple") {
    auto alert = parse_data("earthquake-tsunami-cancel.xml");
    REQUIRE_MESSAGE(alert.ok(), alert.error().describe());
    CHECK(alert->msg_type == MsgType::Cancel);
    REQUIRE(alert->references.size() == 2);
    CHECK(alert->references[0].identifier == "urn:oid:2.49.0.1.392.0.20261201100300.tsunami.1");
    CHECK(alert->references[0].sent_unix == 1796086980);
    CHECK(alert->references[1].identifier == "urn:oid:2.49.0.1.392.0.20261201103000.tsunami.2");
    CHECK(alert->references[1].sent_unix == 1796088600);
    REQUIRE(alert->infos.size() == 2);
    CHECK(alert->infos[0].urgency == Urgency::Past);
    CHECK(alert->infos[0].severity == Severity::Minor);
    CHECK(alert->infos[0].areas.empty());
}

TEST_CASE("cap: an Exercise and a Test keep their status, and language defaults to en-US") {
    auto drill = parse_data("drill-exercise.xml");
    REQUIRE_MESSAGE(drill.ok(), drill.error().describe());
    CHECK(drill->status == Status::Exercise);
    REQUIRE(drill->infos.size() == 1);
    CHECK(drill->infos[0].language == "ja-JP");
    CHECK(drill->infos[0].event == "避難訓練");
    CHECK(drill->infos[0].urgency == Urgency::Expected);
    CHECK(drill->infos[0].certainty == Certainty::Possible);
    REQUIRE(drill->infos[0].areas.size() == 1);
    CHECK(drill->infos[0].areas[0].description == "仙台市役所 本庁舎");
    CHECK(drill->infos[0].areas[0].geocodes == std::vector<std::string>{"JIS=04101"});

    auto test = parse_data("system-test.xml");
    REQUIRE_MESSAGE(test.ok(), test.error().describe());
    CHECK(test->status == Status::Test);
    CHECK(test->sent_unix == 1796104800); // "-00:00" is UTC
    REQUIRE(test->infos.size() == 1);
    CHECK(test->infos[0].language == "en-US");
    CHECK(test->infos[0].urgency == Urgency::Future);
    CHECK(test->infos[0].certainty == Certainty::Unlikely);
    CHECK(test->infos[0].expires_unix == 0);
}

TEST_CASE("cap: hostile files are refused with one message naming the file and line") {
    struct Case {
        const char* file;
        const char* expected; // the whole message
    };
    const Case cases[] = {
        {"hostile/xxe.xml",
         "hostile/xxe.xml:2: DTDs are not accepted in CAP alerts (<!DOCTYPE>, <!ENTITY> and "
         "other declarations are refused, never loaded)"},
        {"hostile/billion-laughs.xml",
         "hostile/billion-laughs.xml:2: DTDs are not accepted in CAP alerts (<!DOCTYPE>, "
         "<!ENTITY> and other declarations are refused, never loaded)"},
        {"hostile/missing-sent.xml", "hostile/missing-sent.xml:2: <alert>: missing <sent>"},
        {"hostile/bad-date-month.xml",
         "hostile/bad-date-month.xml:5: <sent>: \"2026-13-01T00:00:00+09:00\" is not a "
         "date-time like 2026-12-01T10:00:00+09:00 (month 13 does not exist)"},
        {"hostile/bad-date-no-offset.xml",
         "hostile/bad-date-no-offset.xml:5: <sent>: \"2026-12-01T10:00:00\" is not a date-time "
         "like 2026-12-01T10:00:00+09:00 (the time zone offset (like +09:00) is missing)"},
        {"hostile/unknown-status.xml",
         "hostile/unknown-status.xml:6: <status>: \"Live\" is not a CAP status (Actual, "
         "Exercise, System, Test, Draft; spelled exactly so)"},
        {"hostile/invalid-utf8.xml",
         "hostile/invalid-utf8.xml:11: invalid UTF-8 at byte 355; CAP alerts must be UTF-8"},
        {"hostile/cap11.xml",
         "hostile/cap11.xml:2: <alert>: CAP version \"1.1\" is not supported; this kiosk reads "
         "CAP 1.2 (urn:oasis:names:tc:emergency:cap:1.2)"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        CHECK(refusal(parse_data(c.file)) == c.expected);
    }
}

TEST_CASE("cap: 10,000 levels of nesting are refused by the pre-scan at the 17th") {
    std::string xml = "<?xml version=\"1.0\"?>\n<alert xmlns=\"" + kNs + "\">\n";
    for (int i = 0; i < 10000; ++i)
        xml += "<info>";
    for (int i = 0; i < 10000; ++i)
        xml += "</info>";
    xml += "\n</alert>\n";
    CHECK(refusal(parse_cap(xml, "deep.xml")) ==
          "deep.xml:3: elements nested deeper than 16 levels; a CAP alert is about 5 levels deep");
    // Sixteen levels are fine (the unknown elements are ignored).
    std::string fine = "<alert xmlns=\"" + kNs + "\">";
    for (int i = 0; i < 15; ++i)
        fine += "<x>";
    for (int i = 0; i < 15; ++i)
        fine += "</x>";
    fine += "</alert>";
    CHECK(refusal(parse_cap(fine, "fine.xml")) == "fine.xml:1: <alert>: missing <identifier>");
}

TEST_CASE("cap: a 300 KB document is refused before anything reads it") {
    std::string xml = read_data("earthquake-tsunami.xml");
    const std::string padding = "<!--" + std::string(300 * 1024 - xml.size() - 8, 'x') + "-->";
    xml.insert(xml.find("<alert"), padding + "\n");
    REQUIRE(xml.size() == 300 * 1024);
    CHECK(refusal(parse_cap(xml, "big.xml")) ==
          "big.xml: is 300 KiB, more than the limit of 256 KiB for a CAP alert");
    // Exactly at the limit is not refused for its size.
    xml.resize(kMaxCapBytes);
    CHECK(refusal(parse_cap(xml, "big.xml")).find("limit") == std::string::npos);
}

TEST_CASE("cap: entities other than XML's five and character references are refused") {
    const std::string ok = alert_with(info_with("<headline>A &amp; B &lt;1&gt; &quot;x&quot; "
                                                "&apos;y&apos; &#x6D25;&#27874;</headline>\n"));
    auto alert = parse_cap(ok, "ok.xml");
    REQUIRE_MESSAGE(alert.ok(), alert.error().describe());
    CHECK(alert->infos[0].headline == "A & B <1> \"x\" 'y' 津波");

    CHECK(refusal(parse_cap(alert_with(info_with("<headline>&nbsp;</headline>\n")), "e.xml")) ==
          "e.xml:13: entity reference &nbsp; is not accepted: CAP alerts may use only &amp; "
          "&lt; &gt; &quot; &apos; and character references (write & as &amp;)");
    CHECK(refusal(parse_cap(alert_with(info_with("<headline>Q&A</headline>\n")), "e.xml"))
              .starts_with("e.xml:13: an '&' that starts no reference is not accepted"));
    CHECK(refusal(parse_cap(alert_with(info_with("<headline>&#1;</headline>\n")), "e.xml")) ==
          "e.xml:13: character reference &#1; is not an accepted character (no control "
          "characters but tab and newline)");
    CHECK(refusal(parse_cap(alert_with(info_with("<headline>&#0;</headline>\n")), "e.xml"))
              .starts_with("e.xml:13: character reference &#0;"));
    CHECK(refusal(parse_cap(alert_with(info_with("<headline a=\"&x;\">t</headline>\n")), "e.xml"))
              .starts_with("e.xml:13: entity reference &x; is not accepted"));
    // Inside CDATA and comments an '&' is only a character.
    auto cdata = parse_cap(
        alert_with(info_with("<!-- &x; <!DOCTYPE --><headline><![CDATA[&x; <b>]]></headline>\n")),
        "c.xml");
    REQUIRE_MESSAGE(cdata.ok(), cdata.error().describe());
    CHECK(cdata->infos[0].headline == "&x; <b>");
    // Any declaration, in any case and anywhere, is a DTD.
    CHECK(refusal(parse_cap("<!ENTITY e \"x\">" + alert_with(""), "d.xml"))
              .starts_with("d.xml:1: DTDs are not accepted in CAP alerts"));
    CHECK(refusal(parse_cap(alert_with("<!doctype alert>\n"), "d.xml"))
              .starts_with("d.xml:8: DTDs are not accepted in CAP alerts"));
}

TEST_CASE("cap: control characters, other encodings and a byte order mark") {
    CHECK(refusal(parse_cap(alert_with(info_with("<headline>a\x01</headline>\n")), "c.xml")) ==
          "c.xml:13: control character U+0001 is not accepted (only tab and newline)");
    CHECK(refusal(parse_cap(alert_with(info_with("<headline>a\xC2\x85</headline>\n")), "c.xml")) ==
          "c.xml:13: control character U+0085 is not accepted (only tab and newline)");
    CHECK(refusal(parse_cap(std::string("<alert>\0</alert>", 16), "n.xml")) ==
          "n.xml:1: control character U+0000 is not accepted (only tab and newline)");
    CHECK(refusal(parse_cap("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n" + alert_with(""),
                            "s.xml")) ==
          "s.xml:1: encoding \"Shift_JIS\" is not accepted; CAP alerts must be UTF-8");
    // Tabs, CRLF line ends and a UTF-8 byte order mark are fine.
    std::string crlf = "\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?>\r\n" +
                       alert_with(info_with("<headline>\tA\r\nB</headline>\n"));
    auto alert = parse_cap(crlf, "crlf.xml");
    REQUIRE_MESSAGE(alert.ok(), alert.error().describe());
    CHECK(alert->infos[0].headline == "A\nB");
    // The line is still right after a byte order mark.
    CHECK(refusal(parse_cap("\xEF\xBB\xBF\n" + alert_with("", "2026-12-01T10:00:00Z"), "b.xml")) ==
          "b.xml:5: <sent>: \"2026-12-01T10:00:00Z\" is not a date-time like "
          "2026-12-01T10:00:00+09:00 (CAP writes UTC as -00:00, not Z)");
}

TEST_CASE("cap: date-times need a numeric offset and a real date") {
    int64_t t = 0;
    CHECK(parse_cap_time("2026-12-01T10:00:00+09:00", t));
    CHECK(t == 1796086800);
    CHECK(parse_cap_time("2028-02-29T00:00:00-05:30", t));
    CHECK(t == 1835415000);
    CHECK(parse_cap_time("2026-12-01T01:00:00-00:00", t));
    CHECK(t == 1796086800);
    t = 42;
    for (const char* bad :
         {"2026-13-01T00:00:00+09:00", "2026-12-01T10:00:00", "2026-12-01T10:00:00Z",
          "2027-02-29T00:00:00+09:00", "2026-04-31T00:00:00+09:00", "2026-12-01T24:00:00+09:00",
          "2026-12-01T10:00:00.5+09:00", "2026-12-01 10:00:00+09:00", "2026-12-01T10:00:00+0900",
          "2026-12-01T10:00:00+15:00", "1970-01-01T00:00:00-00:00", "", "tomorrow"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_cap_time(bad, t));
    }
    CHECK(t == 42);
    CHECK(refusal(parse_cap(alert_with(info_with("<expires>2027-02-29T00:00:00+09:00</expires>\n")),
                            "d.xml")) ==
          "d.xml:13: <expires>: \"2027-02-29T00:00:00+09:00\" is not a date-time like "
          "2026-12-01T10:00:00+09:00 (day 29 does not exist in that month)");
}

TEST_CASE("cap: required elements and enums as the spec spells them") {
    std::string no_event = alert_with(info_with(""));
    no_event.replace(no_event.find("<event>Flood</event>"), 20, "<!-- no event -->");
    CHECK(refusal(parse_cap(no_event, "r.xml")) == "r.xml:8: <info>: missing <event>");
    std::string lower = alert_with(info_with(""));
    lower.replace(lower.find("Moderate"), 8, "moderate");
    CHECK(refusal(parse_cap(lower, "r.xml")) ==
          "r.xml:11: <severity>: \"moderate\" is not a CAP severity (Extreme, Severe, Moderate, "
          "Minor, Unknown; spelled exactly so)");
    std::string scope = alert_with("");
    scope.replace(scope.find("Public"), 6, "Everyone");
    CHECK(refusal(parse_cap(scope, "r.xml")) ==
          "r.xml:7: <scope>: \"Everyone\" is not a CAP scope (Public, Restricted, Private; "
          "spelled exactly so)");
    std::string type = alert_with("");
    type.replace(type.find(">Alert<"), 7, ">Warning<");
    CHECK(refusal(parse_cap(type, "r.xml"))
              .starts_with("r.xml:6: <msgType>: \"Warning\" is not a CAP message type"));
    std::string empty = alert_with("");
    empty.replace(empty.find("id-1"), 4, "  ");
    CHECK(refusal(parse_cap(empty, "r.xml")) == "r.xml:2: <identifier>: must not be empty");
    std::string spaced = alert_with("");
    spaced.replace(spaced.find("id-1"), 4, "id 1");
    CHECK(refusal(parse_cap(spaced, "r.xml"))
              .starts_with("r.xml:2: <identifier>: must not contain spaces, commas"));
    CHECK(refusal(parse_cap(alert_with("<sent>2026-12-01T10:00:00+09:00</sent>\n"), "r.xml")) ==
          "r.xml:8: <sent>: appears twice in <alert> (first on line 4)");
    CHECK(refusal(parse_cap(alert_with(info_with("<area><geocode><value>1</value></geocode>"
                                                 "<areaDesc>x</areaDesc></area>\n")),
                            "r.xml")) == "r.xml:13: <geocode>: missing <valueName>");
    CHECK(refusal(parse_cap(alert_with(info_with("<area/>\n")), "r.xml")) ==
          "r.xml:13: <area>: missing <areaDesc>");
    CHECK(refusal(parse_cap(alert_with(info_with("<language>ja JP</language>\n")), "r.xml")) ==
          "r.xml:13: <language>: \"ja JP\" is not a language tag like ja-JP");
    CHECK(refusal(parse_cap(alert_with(info_with("<headline>a<b>c</b></headline>\n")), "r.xml")) ==
          "r.xml:13: <b>: an element inside <headline>, which holds text only");
}

TEST_CASE("cap: references must be sender,identifier,sent triples") {
    auto with_references = [](const std::string& text) {
        return parse_cap(alert_with("<references>" + text + "</references>\n"), "ref.xml");
    };
    auto ok = with_references(" a,b,2026-12-01T10:00:00+09:00\n\tc,d,2026-12-01T01:00:00-00:00 ");
    REQUIRE_MESSAGE(ok.ok(), ok.error().describe());
    REQUIRE(ok->references.size() == 2);
    CHECK(ok->references[1].sender == "c");
    CHECK(ok->references[1].identifier == "d");
    CHECK(ok->references[0].sent_unix == ok->references[1].sent_unix);
    CHECK(refusal(with_references("a,b")) ==
          "ref.xml:8: <references>: \"a,b\" is not a reference like "
          "\"sender,identifier,2026-12-01T10:00:00+09:00\"");
    CHECK(refusal(with_references("a,,2026-12-01T10:00:00+09:00")).find("is not a reference") !=
          std::string::npos);
    CHECK(refusal(with_references("a,b,c,2026-12-01T10:00:00+09:00")).find("is not a reference") !=
          std::string::npos);
    CHECK(refusal(with_references("a,b,2026-12-01")) ==
          "ref.xml:8: <references>: in \"a,b,2026-12-01\", \"2026-12-01\" is not a date-time "
          "like 2026-12-01T10:00:00+09:00 (not in that form)");
}

TEST_CASE("cap: namespaces: CAP 1.2 by default or by any prefix, and others are not CAP") {
    // Rebind: the root and everything under it through a prefix "c".
    std::string with_prefix = "<c:alert xmlns:c=\"" + kNs +
                              "\"><c:identifier>i</c:identifier><c:sender>s</c:sender>"
                              "<c:sent>2026-12-01T10:00:00+09:00</c:sent><c:status>Draft</c:status>"
                              "<c:msgType>Ack</c:msgType><c:scope>Private</c:scope>"
                              // an element of another namespace with a CAP name is not CAP
                              "<x:info xmlns:x=\"urn:other\"/>"
                              // unprefixed names are in no namespace here: ignored
                              "<info/></c:alert>";
    auto alert = parse_cap(with_prefix, "p.xml");
    REQUIRE_MESSAGE(alert.ok(), alert.error().describe());
    CHECK(alert->status == Status::Draft);
    CHECK(alert->msg_type == MsgType::Ack);
    CHECK(alert->scope == "Private");
    CHECK(alert->infos.empty());

    CHECK(refusal(parse_cap("<alert><identifier>i</identifier></alert>", "n.xml")) ==
          "n.xml:1: <alert>: not in the CAP 1.2 namespace (expected "
          "xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\")");
    CHECK(refusal(parse_cap("<alert xmlns=\"urn:x\"/>", "n.xml")) ==
          "n.xml:1: <alert>: namespace \"urn:x\" is not CAP 1.2 "
          "(urn:oasis:names:tc:emergency:cap:1.2)");
    CHECK(refusal(parse_cap("<feed xmlns=\"" + kNs + "\"/>", "n.xml")) ==
          "n.xml:1: <feed>: expected a CAP 1.2 <alert> as the root element");
    CHECK(refusal(parse_cap("", "n.xml")) == "n.xml:1: not well-formed XML: no element at all");
    CHECK(
        refusal(parse_cap("<alert xmlns=\"" + kNs + "\">\n<sent>", "n.xml")).starts_with("n.xml:"));
}

TEST_CASE("cap: unknown CAP elements are ignored, only what the kiosk reads is checked") {
    const std::string extras = "<category>Geo</category><responseType>Shelter</responseType>"
                               "<audience>all</audience><eventCode><valueName>a</valueName>"
                               "<value>b</value></eventCode><web>https://example.jp/</web>"
                               "<contact>x</contact><parameter><valueName>p</valueName>"
                               "<value>q</value></parameter><resource><resourceDesc>map"
                               "</resourceDesc><mimeType>image/png</mimeType></resource>"
                               "<area><areaDesc>A</areaDesc><polygon>1,1 2,2 3,3 1,1</polygon>"
                               "<circle>1,1 5</circle><altitude>1</altitude><ceiling>2</ceiling>"
                               "<somethingNew/></area>\n";
    auto alert = parse_cap(alert_with("<source>s</source><restriction>r</restriction>"
                                      "<addresses>a</addresses><code>c</code><note>n</note>"
                                      "<incidents>i</incidents>\n" +
                                      info_with(extras)),
                           "x.xml");
    REQUIRE_MESSAGE(alert.ok(), alert.error().describe());
    REQUIRE(alert->infos.size() == 1);
    REQUIRE(alert->infos[0].areas.size() == 1);
    CHECK(alert->infos[0].areas[0].description == "A");
    CHECK(alert->infos[0].areas[0].geocodes.empty());
}

TEST_CASE("cap: at most kMaxCapInfos info blocks, each text at most kMaxCapTextBytes") {
    std::string infos;
    for (size_t i = 0; i < kMaxCapInfos; ++i)
        infos += info_with("");
    auto full = parse_cap(alert_with(infos), "i.xml");
    REQUIRE_MESSAGE(full.ok(), full.error().describe());
    CHECK(full->infos.size() == kMaxCapInfos);
    CHECK(refusal(parse_cap(alert_with(infos + info_with("")), "i.xml")) ==
          "i.xml:" + std::to_string(8 + 6 * kMaxCapInfos) + ": <info>: more than " +
              std::to_string(kMaxCapInfos) + " <info> blocks, the limit for one alert");

    const std::string longest(kMaxCapTextBytes, 'a');
    auto fits = parse_cap(
        alert_with(info_with("<description>\n  " + longest + "\n</description>\n")), "t.xml");
    REQUIRE_MESSAGE(fits.ok(), fits.error().describe());
    CHECK(fits->infos[0].description.size() == kMaxCapTextBytes);
    CHECK(refusal(parse_cap(alert_with(info_with("<description>" + longest + "b</description>\n")),
                            "t.xml")) ==
          "t.xml:13: <description>: text longer than 16 KiB, the limit for one CAP text");
}
