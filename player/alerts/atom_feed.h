#pragma once
// The Atom form of the HTTP alert feed (RFC 4287): instead of one CAP document, the feed
// URL serves an Atom <feed> whose entries link to CAP documents, the way JMA and many
// publishers list their alerts. Each CAP document is fetched and verified on its own (its
// signature at its URL + ".sig"); the feed itself carries no signature, so nothing in it
// is trusted but the links, and those only to http and https.
//
// parse_atom_feed() reads untrusted bytes through the same defences as parse_cap()
// (xml_guard.h: no DTD, no entities but XML's five, a depth limit), with a size limit of
// its own. What it reads of each <entry> (Atom namespace, any prefix):
//   <id>       required, an IRI (no spaces); with <updated>, what tells a new version
//   <updated>  required, RFC 3339 ("2026-12-01T10:00:00Z", "...+09:00", fractions allowed;
//              read by kiosk::parse_rfc3339, player/core/date_time.h)
//   <link>     the CAP document: the best of the entry's links whose rel is absent,
//              "alternate", "related" or "enclosure", ranked by type:
//              application/cap+xml, then application/xml or text/xml (JMA's feeds), then
//              a link with no type whose path ends in ".xml". Other rels (self, edit, via)
//              are never taken.
// Everything else (title, content, author, other namespaces) is ignored; CAP embedded in
// <content> is not read (a signature covers exact bytes, which only a link can give).
//
// An entry that cannot be used (no id, a bad date, no CAP link, a link to another scheme)
// is left out with a reason in `skipped`; the others are read. Only problems of the whole
// document (size, XML, DTD, depth, not an Atom feed) fail the parse.

#include "player/core/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::alerts {

inline constexpr std::string_view kAtomNamespace = "http://www.w3.org/2005/Atom";

// Limits (docs/ALERTS.md): a feed of alerts in force is small.
inline constexpr size_t kMaxAtomBytes = 1024 * 1024;
inline constexpr int kMaxAtomDepth = 32; // <content type="xhtml"> may nest a little
// More entries than this: the newest by <updated> are read, the rest left out (noted in
// `skipped`). A feed that grows past the limit keeps bringing its newest alerts rather
// than going dark in an emergency.
inline constexpr size_t kMaxAtomEntries = 64;
inline constexpr size_t kMaxAtomTextBytes = 2048; // one id or href
inline constexpr size_t kMaxAtomSkipped = 16;     // reasons kept; the rest only counted

struct AtomEntry {
    std::string id;           // as written, outer whitespace trimmed
    int64_t updated_unix = 0; // <updated>
    // The CAP document's link as written: absolute (http or https) or relative to the
    // feed's URL; the caller resolves it (sync::resolve_url).
    std::string href;
    int line = 0; // of the <entry>
};

struct AtomFeed {
    std::vector<AtomEntry> entries; // oldest <updated> first; ids unique
    // Why entries were left out, "NAME:LINE: <entry>: message", at most kMaxAtomSkipped;
    // `skipped_unlisted` counts the reasons beyond those.
    std::vector<Error> skipped;
    size_t skipped_unlisted = 0;
};

// True when the document's first element is named "feed" (any prefix): the feed URL
// serves the Atom form, to be read with parse_atom_feed(), else one CAP document. A cheap
// look at the start only; the parsers check everything.
bool is_atom_feed(std::string_view bytes);

// Errors are "NAME:LINE: message", NAME being `display_name` (the feed's URL).
Result<AtomFeed> parse_atom_feed(std::string_view bytes, const std::string& display_name);

} // namespace kiosk::alerts
