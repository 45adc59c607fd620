#pragma once
// The manifest of a built bundle: which files it holds, their sizes and SHA-256 digests.
// The signature covers the exact bytes of manifest.json, so to_json() must be
// deterministic: the same Manifest always gives the same bytes.
//
// manifest.json (format 1):
//
//   {
//     "bundle_id": "demo-ward",
//     "files": [
//       {
//         "path": "bundle.toml",
//         "sha256": "<64 lowercase hex digits>",
//         "size": 1234
//       }
//     ],
//     "format": 1,
//     "version": "2026.11.27-1"
//   }
//
// Keys sorted, files sorted by path (bytewise), 2-space indent, UTF-8 (not escaped),
// trailing newline. Unknown keys are errors: a newer format must bump "format".

#include "player/bundle/bundle_files.h"
#include "player/core/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::bundle {

inline constexpr int kManifestFormat = 1;

struct Manifest {
    std::string bundle_id;
    std::string version;
    std::vector<FileEntry> files; // sorted by path once parsed or serialized
};

// Deterministic bytes (see above). Entries are sorted here; callers need not sort.
// Expects a valid manifest (validate_manifest); paths that are not UTF-8 are replaced.
std::string to_json(const Manifest& manifest);

// Parses and validates. Errors name `display_name` and, when known, the line:
// "out/manifest.json:7: files[0].sha256: expected 64 lowercase hex digits".
Result<Manifest> parse_manifest(std::string_view json_text,
                                std::string_view display_name = "manifest.json");

// Non-empty id and version; every entry a safe relative path with a 64-hex sha256; no
// duplicate paths. Errors name `display_name` without a line.
Status validate_manifest(const Manifest& manifest, std::string_view display_name);

// The identity of a bundle: the content loader reads it from bundle.toml (the one reader
// of that file) and hands it to the builder.
struct BundleIdentity {
    std::string id;
    std::string version;
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
