#pragma once
// Ed25519 signatures over a built bundle's manifest.json (libsodium).
//
// Files, each one line of lowercase hex followed by a newline:
//   PREFIX.key     secret key: 64 bytes (libsodium's seed || public key) = 128 hex digits,
//                  file mode 0600. Never leaves the authoring machine.
//   PREFIX.pub     public key: 32 bytes = 64 hex digits. Installed on every terminal.
//   manifest.sig   detached signature over the exact bytes of manifest.json:
//                  64 bytes = 128 hex digits. Lives next to manifest.json.
// Readers ignore surrounding whitespace.
//
// The manifest lists every file with size and SHA-256, so one signature vouches for the
// whole bundle; verify() checks that the blobs match the manifest exactly.

#include "player/core/result.h"

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

namespace kiosk::bundle {

struct PublicKey {
    std::array<unsigned char, 32> bytes{};
};

struct SecretKey {
    std::array<unsigned char, 64> bytes{};
    // Wipes the key from memory when it goes away.
    ~SecretKey();
};

// Writes PREFIX.key (0600) and PREFIX.pub. Refuses to overwrite an existing PREFIX.key, so
// a slip of the keyboard cannot destroy the key that terminals trust.
Status generate_key_files(const std::filesystem::path& prefix);

Result<PublicKey> read_public_key(const std::filesystem::path& path);
Result<SecretKey> read_secret_key(const std::filesystem::path& path);

// Writes built_dir/manifest.sig over built_dir/manifest.json's bytes. The manifest must
// parse (a signature over garbage helps nobody).
Status sign_built_bundle(const std::filesystem::path& built_dir, const SecretKey& key);

// Checks, stopping at the first problem:
//   manifest.json and manifest.sig exist, the signature is valid for `key`,
//   the manifest parses, the top level holds only manifest.json, manifest.sig and blobs/,
//   every listed blob exists with the listed size and SHA-256, and blobs/ holds nothing
//   else. Each error names the file at fault.
Status verify_built_bundle(const std::filesystem::path& built_dir, const PublicKey& key);

// A detached signature over any bytes (a CAP alert): 128 lowercase hex digits, no newline.
// Fails when the key's halves do not match (a damaged key must not sign anything).
Result<std::string> sign_detached(std::string_view bytes, const SecretKey& key);

// The signature check alone, for sync, which verifies a downloaded manifest before it
// fetches any blob. `sig_name` names the signature file in errors.
Status verify_manifest_signature(std::string_view manifest_bytes, std::string_view sig_text,
                                 const PublicKey& key, std::string_view sig_name);

} // namespace kiosk::bundle
