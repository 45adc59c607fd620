// parse_atom_feed(): the Atom form of the HTTP alert feed. A JMA-style feed from
// tests/data/atom (prefixed and default namespaces, relative links, the link chosen among
// several), entries left out with a reason while the others are read, the limits, hostile
// feeds (DTDs, entity bombs, other schemes), RFC 3339 dates, and the resolution of links
// against the feed's URL (sync::resolve_url).

#include "player/alerts/atom_feed.h"
#include "player/sync/http_client.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace kiosk::alerts;

namespace {

namespace fs = std::filesystem;

const fs::path kAtomData = fs::path(KIOSK_TEST_DATA) / "data/atom";

std::string read_data(const std::string& relative) {
    std::ifstream in(kAtomData / relative, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read tests/data/atom/" << relative);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

const std::string kFeedStart = "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"; // line 1

std::string entry(const std::string& id, const std::string& updated, const std::string& links) {
    return "<entry><id>" + id + "</id><updated>" + updated + "</updated>" + links + "</entry>\n";
}

std::string cap_link(const std::string& href) {
    return "<link rel=\"alternate\" type=\"application/cap+xml\" href=\"" + href + "\"/>";
}

std::string feed_of(const std::string& entries) {
    return kFeedStart + entries + "</feed>\n";
}

AtomFeed parsed(const std::string& xml) {
    auto feed = parse_atom_feed(xml, "feed.xml");
    REQUIRE_MESSAGE(feed.ok(), feed.error().describe());
    return *feed;
}

std::string refusal(const std::string& xml) {
    auto feed = parse_atom_feed(xml, "feed.xml");
    REQUIRE_FALSE(feed.ok());
    return feed.error().describe();
}

// The one entry a feed of one entry gives, or the reason it was skipped.
std::string only_href(const std::string& links) {
    AtomFeed feed = parsed(feed_of(entry("e", "2026-12-01T00:00:00Z", links)));
    if (!feed.skipped.empty()) return "skipped: " + feed.skipped[0].describe();
    REQUIRE(feed.entries.size() == 1);
    return feed.entries[0].href;
}

} // namespace

TEST_CASE("atom: a JMA-style feed: entries oldest first, the CAP link of each, hrefs as written") {
    auto feed = parse_atom_feed(read_data("feed.xml"), "https://alerts.city.example/feed.xml");
    REQUIRE_MESSAGE(feed.ok(), feed.error().describe());
    CHECK(feed->skipped.empty());
    REQUIRE(feed->entries.size() == 3);
    // The prefixed entry, with a fraction of a second and a charset in its link's type.
    CHECK(feed->entries[0].id == "tag:alerts.city.example,2026:drill-3");
    CHECK(feed->entries[0].updated_unix == 1796085000);
    CHECK(feed->entries[0].href == "/minato/cap/drill.xml");
    CHECK(feed->entries[0].line == 26);
    // application/cap+xml chosen over rel="self" and a text/html alternate.
    CHECK(feed->entries[1].id == "urn:uuid:6f1c1d2e-0000-4000-8000-000000000001");
    CHECK(feed->entries[1].updated_unix == 1796086800); // 10:00+09:00
    CHECK(feed->entries[1].href == "cap/tsunami.xml");
    // JMA's shape: one link, type application/xml, no rel.
    CHECK(feed->entries[2].updated_unix == 1796087100);
    CHECK(feed->entries[2].href ==
          "https://alerts.city.example/minato/cap/20261201010500_0_VPWW53.xml");
}

TEST_CASE("atom: which link names the CAP document") {
    // Best type wins whatever the order.
    CHECK(only_href("<link type=\"application/xml\" href=\"plain.xml\"/>" + cap_link("cap.xml")) ==
          "cap.xml");
    CHECK(only_href("<link href=\"untyped.xml\"/><link rel=\"related\" type=\"text/xml\" "
                    "href=\"typed\"/>") == "typed");
    // No type: only a path ending in .xml (a query does not count).
    CHECK(only_href("<link href=\"https://h.example/a/q1.XML?v=2\"/>") ==
          "https://h.example/a/q1.XML?v=2");
    CHECK(only_href("<link rel=\"enclosure\" href=\" q1.xml \"/>") == "q1.xml");
    const std::string none = "skipped: feed.xml:2: <entry>: no link to a CAP document (expected "
                             "<link rel=\"alternate\" type=\"application/cap+xml\" "
                             "href=\"...\"/>); the entry is skipped";
    CHECK(only_href("<link href=\"https://h.example/page.html\"/>") == none);
    CHECK(only_href("<link href=\"https://h.example/q.xml.html\"/>") == none);
    CHECK(only_href("<link rel=\"self\" type=\"application/cap+xml\" href=\"a.xml\"/>") == none);
    CHECK(only_href("<link rel=\"edit\" href=\"a.xml\"/>") == none);
    CHECK(only_href("<link rel=\"alternate\" type=\"text/html\" href=\"a.xml\"/>") == none);
    CHECK(only_href("") == none);
    // A link in another namespace is not Atom's.
    CHECK(
        only_href("<x:link xmlns:x=\"urn:other\" type=\"application/cap+xml\" href=\"a.xml\"/>") ==
        none);
}

TEST_CASE("atom: an entry that cannot be used is skipped with its reason, the others are read") {
    const std::string good = entry("good", "2026-12-01T00:00:00Z", cap_link("good.xml"));
    const std::string xml =
        feed_of(entry("", "2026-12-01T00:00:00Z", cap_link("a.xml")) +                 // line 2
                "<entry><updated>2026-12-01T00:00:00Z</updated></entry>\n" +           // line 3
                entry("no-date", "yesterday", cap_link("a.xml")) +                     // line 4
                entry("no-zone", "2026-12-01T00:00:00", cap_link("a.xml")) +           // line 5
                "<entry><id>a</id><id>b</id></entry>\n" +                              // line 6
                entry("js", "2026-12-01T00:00:00Z", cap_link("javascript:alert(1)")) + // 7
                entry("space", "2026-12-01T00:00:00Z", cap_link("a b.xml")) +          // line 8
                entry("<b>x</b>", "2026-12-01T00:00:00Z", cap_link("a.xml")) +         // line 9
                entry("tag:a\nb", "2026-12-01T00:00:00Z", cap_link("a.xml")) +         // 10-11
                good);                                                                 // line 12
    AtomFeed feed = parsed(xml);
    REQUIRE(feed.entries.size() == 1);
    CHECK(feed.entries[0].id == "good");
    CHECK(feed.entries[0].line == 12);
    const char* expected[] = {
        "feed.xml:2: <id>: must not be empty; the entry is skipped",
        "feed.xml:3: <entry>: missing <id>; the entry is skipped",
        "feed.xml:4: <updated>: \"yesterday\" is not an RFC 3339 date-time like "
        "2026-12-01T10:00:00Z; the entry is skipped",
        "feed.xml:5: <updated>: \"2026-12-01T00:00:00\" is not an RFC 3339 date-time like "
        "2026-12-01T10:00:00Z; the entry is skipped",
        "feed.xml:6: <id>: appears twice in <entry> (first on line 6); the entry is skipped",
        "feed.xml:7: <link>: the href \"javascript:alert(1)\" is a javascript: URL; only http "
        "and https links (or paths relative to the feed) are fetched; the entry is skipped",
        "feed.xml:8: <link>: the href \"a b.xml\" holds spaces or control characters (write "
        "%20); the entry is skipped",
        "feed.xml:9: <b>: an element inside <id>, which holds text only; the entry is skipped",
        "feed.xml:10: <id>: \"tag:a\nb\" holds spaces or line breaks; an Atom id is an IRI "
        "like tag:city.example,2026:q1; the entry is skipped",
    };
    REQUIRE(feed.skipped.size() == std::size(expected));
    for (size_t i = 0; i < std::size(expected); ++i)
        CHECK(feed.skipped[i].describe() == expected[i]);
    CHECK(feed.skipped_unlisted == 0);
}

TEST_CASE("atom: hostile feeds: DTDs and entity bombs refused before parsing, other schemes "
          "skipped") {
    const std::string dtd = "DTDs are not accepted in Atom feeds (<!DOCTYPE>, <!ENTITY> and "
                            "other declarations are refused, never loaded)";
    CHECK(refusal(read_data("hostile/billion-laughs.xml")) == "feed.xml:2: " + dtd);
    CHECK(refusal(read_data("hostile/xxe.xml")) == "feed.xml:2: " + dtd);
    CHECK(refusal(feed_of(entry("&nbsp;", "2026-12-01T00:00:00Z", cap_link("a.xml")))) ==
          "feed.xml:2: entity reference &nbsp; is not accepted: Atom feeds may use only &amp; "
          "&lt; &gt; &quot; &apos; and character references (write & as &amp;)");
    CHECK(refusal("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + feed_of("")) ==
          "feed.xml:1: encoding \"ISO-8859-1\" is not accepted; Atom feeds must be UTF-8");
    CHECK(refusal(feed_of("<entry>")) ==
          "feed.xml:2: not well-formed XML: an end tag that does not match its start tag");

    AtomFeed schemes = parsed(read_data("hostile/schemes.xml"));
    CHECK(schemes.entries.empty());
    REQUIRE(schemes.skipped.size() == 3);
    CHECK(schemes.skipped[0].message.find("is a javascript: URL") != std::string::npos);
    CHECK(schemes.skipped[1].message.find("is a file: URL") != std::string::npos);
    CHECK(schemes.skipped[2].message.find("is a ftp: URL") != std::string::npos);
}

TEST_CASE("atom: the limits: size, depth, entries, reasons kept") {
    SUBCASE("2 MiB is refused before anything reads it") {
        std::string big = kFeedStart + "<!--" + std::string(2 * 1024 * 1024, 'x') + "-->";
        CHECK(refusal(big) == "feed.xml: is 2048 KiB (2097202 bytes), more than the limit of "
                              "1024 KiB for an Atom feed of alerts");
        std::string at_limit = kFeedStart + "<!--";
        at_limit += std::string(kMaxAtomBytes - at_limit.size() - 3 - 7, 'x') + "--></feed>";
        CHECK(at_limit.size() == kMaxAtomBytes);
        CHECK(parsed(at_limit).entries.empty());
    }
    SUBCASE("10,000 levels of nesting are refused at the 33rd") {
        std::string deep = kFeedStart;
        for (int i = 0; i < 10000; ++i)
            deep += "<x>";
        CHECK(refusal(deep) == "feed.xml:2: elements nested deeper than 32 levels; an Atom feed "
                               "of alerts is about 4 levels deep");
    }
    SUBCASE("10,000 entries: the newest 64 are read, oldest first, and it is said once") {
        std::string entries;
        for (int i = 0; i < 10000; ++i) {
            // Seconds 0..9999 after a fixed instant, written out of order.
            const int second = (i * 7919) % 10000;
            char updated[32];
            std::snprintf(updated, sizeof updated, "2026-12-01T%02d:%02d:%02dZ", second / 3600,
                          second / 60 % 60, second % 60);
            // Short entries, so that ten thousand fit in the size limit.
            entries += "<entry><id>e" + std::to_string(second) + "</id><updated>" + updated +
                       "</updated><link href=\"a.xml\"/></entry>";
        }
        AtomFeed feed = parsed(feed_of(entries));
        REQUIRE(feed.entries.size() == kMaxAtomEntries);
        CHECK(feed.entries.front().id == "e9936");
        CHECK(feed.entries.back().id == "e9999");
        for (size_t i = 1; i < feed.entries.size(); ++i)
            CHECK(feed.entries[i - 1].updated_unix < feed.entries[i].updated_unix);
        REQUIRE(feed.skipped.size() == 1);
        CHECK(feed.skipped[0].describe() == "feed.xml: 10000 entries, more than the limit of 64: "
                                            "only the newest 64 are read");
    }
    SUBCASE("a thousand bad entries keep 16 reasons and count the rest") {
        std::string entries;
        for (int i = 0; i < 1000; ++i)
            entries += "<entry/>\n";
        AtomFeed feed = parsed(feed_of(entries));
        CHECK(feed.entries.empty());
        CHECK(feed.skipped.size() == kMaxAtomSkipped);
        CHECK(feed.skipped_unlisted == 1000 - kMaxAtomSkipped);
    }
    SUBCASE("an id or an href past 2 KiB") {
        AtomFeed feed = parsed(
            feed_of(entry(std::string(3000, 'i'), "2026-12-01T00:00:00Z", cap_link("a.xml")) +
                    entry("e", "2026-12-01T00:00:00Z", cap_link(std::string(3000, 'h') + ".xml"))));
        CHECK(feed.entries.empty());
        REQUIRE(feed.skipped.size() == 2);
        CHECK(feed.skipped[0].describe() ==
              "feed.xml:2: <id>: longer than 2 KiB; the entry is skipped");
        CHECK(feed.skipped[1].describe() ==
              "feed.xml:3: <link>: an href longer than 2 KiB; the entry is skipped");
    }
}

TEST_CASE("atom: only an Atom <feed> is a feed; xml:base is refused rather than misread") {
    CHECK(refusal("<feed>" + entry("a", "2026-12-01T00:00:00Z", cap_link("a.xml")) + "</feed>") ==
          "feed.xml:1: <feed>: not in the Atom namespace (expected "
          "xmlns=\"http://www.w3.org/2005/Atom\")");
    CHECK(refusal("<feed xmlns=\"http://purl.org/atom/ns#\"></feed>") ==
          "feed.xml:1: <feed>: namespace \"http://purl.org/atom/ns#\" is not Atom's (expected "
          "xmlns=\"http://www.w3.org/2005/Atom\")");
    CHECK(refusal("<rss version=\"2.0\"><channel/></rss>") ==
          "feed.xml:1: <rss>: expected an Atom <feed> as the root element");
    CHECK(
        refusal("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://h.example/\"/>") ==
        "feed.xml:1: <feed>: xml:base is not supported; write hrefs absolute or relative to "
        "the feed's own URL");
    AtomFeed based = parsed(feed_of("<entry xml:base=\"/x/\"><id>a</id><updated>2026-12-01T00:00:"
                                    "00Z</updated>" +
                                    cap_link("a.xml") + "</entry>\n"));
    CHECK(based.entries.empty());
    REQUIRE(based.skipped.size() == 1);
    CHECK(based.skipped[0].message.starts_with("<entry>: xml:base is not supported"));
    // An empty feed is a feed: no alert in force.
    CHECK(parsed(feed_of("")).entries.empty());
}

TEST_CASE("atom: one entry per id, the latest <updated>") {
    AtomFeed feed = parsed(feed_of(entry("q", "2026-12-01T00:00:00Z", cap_link("old.xml")) +
                                   entry("q", "2026-12-01T00:05:00Z", cap_link("new.xml")) +
                                   entry("q", "2026-12-01T00:01:00Z", cap_link("mid.xml"))));
    REQUIRE(feed.entries.size() == 1);
    CHECK(feed.entries[0].href == "new.xml");
    CHECK(feed.skipped.empty());
}

TEST_CASE("atom: is_atom_feed looks at the first element only") {
    CHECK(is_atom_feed(read_data("feed.xml")));
    CHECK(is_atom_feed("\xEF\xBB\xBF<!-- <alert> --><?pi x?><a:feed xmlns:a=\"x\"/>"));
    CHECK(is_atom_feed(read_data("hostile/billion-laughs.xml"))); // then refused by the parser
    CHECK(is_atom_feed("<feed>"));
    CHECK_FALSE(is_atom_feed("<?xml version=\"1.0\"?>\n<alert xmlns=\"urn:x\"><feed/></alert>"));
    CHECK_FALSE(is_atom_feed("<feeds/>"));
    CHECK_FALSE(is_atom_feed("<!-- <feed> never closed"));
    CHECK_FALSE(is_atom_feed("not xml at all"));
    CHECK_FALSE(is_atom_feed(""));
}

TEST_CASE("atom: links resolve against the feed's URL; only http and https come out") {
    using kiosk::sync::resolve_url;
    const std::string base = "https://alerts.city.example/minato/feed.xml?since=1";
    struct Case {
        const char* reference;
        const char* expected;
    };
    const Case cases[] = {
        {"cap/q1.xml", "https://alerts.city.example/minato/cap/q1.xml"},
        {"../tokyo/q1.xml", "https://alerts.city.example/tokyo/q1.xml"},
        {"/cap/q1.xml", "https://alerts.city.example/cap/q1.xml"},
        {"//cdn.example/q1.xml", "https://cdn.example/q1.xml"},
        {"q1.xml?v=2", "https://alerts.city.example/minato/q1.xml?v=2"},
        {"http://other.example:8080/q1.xml", "http://other.example:8080/q1.xml"},
        {"HTTPS://Other.example/Q1.xml", "https://Other.example/Q1.xml"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.reference);
        auto resolved = resolve_url(base, c.reference);
        REQUIRE_MESSAGE(resolved.ok(), resolved.error().describe());
        CHECK(*resolved == c.expected);
    }
    for (const char* refused :
         {"javascript:alert(1)", "ftp://h.example/q.xml", "file:///etc/passwd",
          "gopher://h.example/", "https://h.example/a b.xml"}) {
        CAPTURE(refused);
        auto resolved = resolve_url(base, refused);
        REQUIRE_FALSE(resolved.ok());
        CHECK(resolved.error().message.starts_with(refused));
    }
    CHECK_FALSE(resolve_url("not a url", "q.xml").ok());
}
