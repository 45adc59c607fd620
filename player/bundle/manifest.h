#pragma once
// The manifest of a built bundle: which files it holds, their sizes and SHA-256 digests.
// The signature covers the exact bytes of manifest.json, so to_json() must be
// deterministic: the same Manifest always gives the same bytes.
//
// manifest.json (format 2):
//
//   {
//     "bundle_id": "demo-ward",
//     "expires": "2027-01-01T00:00:00Z",
//     "files": [
//       {
//         "path": "bundle.toml",
//         "sha256": "<64 lowercase hex digits>",
//         "size": 1234
//       }
//     ],
//     "format": 2,
//     "sequence": 1764230400,
//     "version": "2026.11.27-1"
//   }
//
// Keys sorted, files sorted by path (bytewise), 2-space indent, UTF-8 (not escaped),
// trailing newline. Unknown keys are errors: a newer format must bump "format".
//
// `sequence` and `expires` are TUF's answers to two attacks on sync. A terminal refuses a
// signed manifest whose sequence is lower than one it already accepted (a replayed old
// bundle: rollback), and reports "stale" once `expires` has passed (a server made to
// serve the same old bundle for ever: freeze). Format 1 (neither field) is still read, for
// bundles copied by hand, but sync refuses it.

#include "player/bundle/bundle_files.h"
#include "player/core/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::bundle {

inline constexpr int kManifestFormat = 2;

struct Manifest {
    std::string bundle_id;
    std::string version;
    uint64_t sequence = 0;        // 0: a format 1 manifest, which has none
    int64_t expires_unix = 0;     // seconds since 1970 UTC; 0: no expiry (format 1)
    std::vector<FileEntry> files; // sorted by path once parsed or serialized
};

// The largest sequence number: JSON readers in other languages lose integers above 2^53.
inline constexpr uint64_t kMaxSequence = (uint64_t(1) << 53) - 1;

// "2027-01-01T00:00:00Z" <-> seconds since 1970 UTC. Only this one form (RFC 3339 in UTC,
// whole seconds, years 1970..9999) is read, so every manifest spells a time one way.
std::string format_utc_time(int64_t unix_seconds);
bool parse_utc_time(std::string_view text, int64_t& unix_seconds);

// Deterministic bytes (see above). Entries are sorted here; callers need not sort.
// Expects a valid manifest (validate_manifest); paths that are not UTF-8 are replaced.
std::string to_json(const Manifest& manifest);

// Parses and validates. Errors name `display_name` and, when known, the line:
// "out/manifest.json:7: files[0].sha256: expected 64 lowercase hex digits".
Result<Manifest> parse_manifest(std::string_view json_text,
                                std::string_view display_name = "manifest.json");

// Non-empty id and version; sequence 1..kMaxSequence and an expiry (format 2); every entry a safe
// relative path with a 64-hex sha256; no duplicate paths. Errors name `display_name` without a
// line.
Status validate_manifest(const Manifest& manifest, std::string_view display_name);

// The identity of a bundle: the content loader reads it from bundle.toml (the one reader
// of that file) and hands it to the builder.
struct BundleIdentity {
    std::string id;
    std::string version;
};

// What makes one release of a bundle newer than another: see "sequence" and "expires".
struct ReleaseStamp {
    uint64_t sequence = 0;
    int64_t expires_unix = 0;
};

// A bundle id: 1..64 of a-z, 0-9 and '-' (CONTENT.md), since it names folders on terminals.
inline constexpr size_t kMaxBundleIdLength = 64;
bool is_valid_bundle_id(std::string_view id);

// Why `version` is not a usable bundle version (empty, too long, control characters), or
// "" when it is.
std::string version_problem(std::string_view version);

// manifest.json limits (docs/CONTENT.md): it is 3 levels deep, so 8 is generous; deeper
// nesting is refused before the JSON parser sees it.
inline constexpr int kMaxManifestNesting = 8;
inline constexpr size_t kMaxManifestFiles = 100000;

} // namespace kiosk::bundle
