#include "player/bundle/signing.h"

#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/sha256.h"

#include <sodium.h>

#include <map>
#include <set>

namespace kiosk::bundle {

namespace fs = std::filesystem;

namespace {

std::string to_hex(const unsigned char* bytes, size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

std::string_view trimmed(std::string_view text) {
    const char* space = " \t\r\n";
    auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    auto last = text.find_last_not_of(space);
    return text.substr(first, last - first + 1);
}

// Decodes exactly `size` bytes of hex from `text` (surrounding whitespace allowed).
bool from_hex(std::string_view text, unsigned char* out, size_t size) {
    text = trimmed(text);
    if (text.size() != size * 2) return false;
    size_t decoded = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(out, size, text.data(), text.size(), nullptr, &decoded, &end) != 0)
        return false;
    return decoded == size && end == text.data() + text.size();
}

Error sodium_unavailable() {
    return make_error("libsodium failed to initialize");
}

fs::path with_suffix(const fs::path& prefix, const char* suffix) {
    return fs::path(prefix.string() + suffix);
}

} // namespace

SecretKey::~SecretKey() {
    sodium_memzero(bytes.data(), bytes.size());
}

Status generate_key_files(const fs::path& prefix) {
    if (!ensure_sodium()) return sodium_unavailable();
    const fs::path secret_path = with_suffix(prefix, ".key");
    const fs::path public_path = with_suffix(prefix, ".pub");
    std::error_code ec;
    if (fs::exists(fs::symlink_status(secret_path, ec)))
        return make_error(secret_path.string(), 0,
                          "already exists; refusing to overwrite a signing key");

    PublicKey public_key;
    SecretKey secret_key;
    crypto_sign_keypair(public_key.bytes.data(), secret_key.bytes.data());

    std::string secret_hex = to_hex(secret_key.bytes.data(), secret_key.bytes.size()) + "\n";
    Status written = write_whole_file(secret_path, secret_hex, 0600);
    sodium_memzero(secret_hex.data(), secret_hex.size());
    if (!written) return written;
    return write_whole_file(public_path,
                            to_hex(public_key.bytes.data(), public_key.bytes.size()) + "\n");
}

Result<PublicKey> read_public_key(const fs::path& path) {
    auto text = read_file(path, kMaxKeyFileBytes);
    if (!text) return text.error();
    PublicKey key;
    if (!from_hex(*text, key.bytes.data(), key.bytes.size()))
        return make_error(path.string(), 0,
                          "not a public key (expected 64 hex digits, from kiosk bundle keygen)");
    return key;
}

Result<SecretKey> read_secret_key(const fs::path& path) {
    if (!ensure_sodium()) return sodium_unavailable();
    auto text = read_file(path, kMaxKeyFileBytes);
    if (!text) return text.error();
    SecretKey key;
    bool decoded = from_hex(*text, key.bytes.data(), key.bytes.size());
    sodium_memzero(text->data(), text->size());
    if (!decoded)
        return make_error(path.string(), 0,
                          "not a secret key (expected 128 hex digits, from kiosk bundle keygen)");
    // libsodium's secret key is seed || public key. A damaged copy still "signs", but with
    // signatures no terminal accepts; so the public half must be the one the seed makes.
    unsigned char seed[crypto_sign_SEEDBYTES];
    unsigned char derived_public[crypto_sign_PUBLICKEYBYTES];
    SecretKey derived_secret;
    crypto_sign_ed25519_sk_to_seed(seed, key.bytes.data());
    crypto_sign_seed_keypair(derived_public, derived_secret.bytes.data(), seed);
    sodium_memzero(seed, sizeof seed);
    if (sodium_memcmp(derived_public, key.bytes.data() + crypto_sign_SEEDBYTES,
                      sizeof derived_public) != 0)
        return make_error(path.string(), 0,
                          "damaged secret key: its two halves do not belong together (restore "
                          "the key from its backup; signing with it would fail on every "
                          "terminal)");
    return key;
}

Result<std::string> sign_detached(std::string_view bytes, const SecretKey& key) {
    if (!ensure_sodium()) return sodium_unavailable();
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, data, bytes.size(), key.bytes.data());
    if (crypto_sign_verify_detached(signature, data, bytes.size(),
                                    key.bytes.data() + crypto_sign_SEEDBYTES) != 0)
        return make_error("the signature does not verify with the key's own public half "
                          "(damaged secret key)");
    return to_hex(signature, sizeof signature);
}

Status sign_built_bundle(const fs::path& built_dir, const SecretKey& key) {
    if (!ensure_sodium()) return sodium_unavailable();
    const fs::path manifest_path = built_dir / "manifest.json";
    auto manifest = read_file(manifest_path, kMaxManifestBytes, Symlinks::Refuse);
    if (!manifest) return manifest.error();
    if (auto parsed = parse_manifest(*manifest, manifest_path.string()); !parsed)
        return parsed.error();

    const auto* bytes = reinterpret_cast<const unsigned char*>(manifest->data());
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, bytes, manifest->size(), key.bytes.data());
    // Checked before anything is written: a signature that does not verify must never
    // replace a good one.
    if (crypto_sign_verify_detached(signature, bytes, manifest->size(),
                                    key.bytes.data() + crypto_sign_SEEDBYTES) != 0)
        return make_error(manifest_path.string(), 0,
                          "the new signature does not verify with the key's own public half; "
                          "the old manifest.sig is kept");
    // A temporary file renamed over manifest.sig: a crash or a full disk leaves the old
    // signature or the new one, never half of one.
    const fs::path sig_path = built_dir / "manifest.sig";
    const fs::path temp_path = built_dir / ".manifest.sig.tmp";
    if (Status written = write_whole_file(temp_path, to_hex(signature, sizeof signature) + "\n");
        !written) {
        std::error_code ignored;
        fs::remove(temp_path, ignored);
        return written;
    }
    std::error_code ec;
    fs::rename(temp_path, sig_path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp_path, ignored);
        return make_error(sig_path.string(), 0, "cannot replace: " + ec.message());
    }
    return Ok{};
}

Status verify_manifest_signature(std::string_view manifest_bytes, std::string_view sig_text,
                                 const PublicKey& key, std::string_view sig_name) {
    if (!ensure_sodium()) return sodium_unavailable();
    unsigned char signature[crypto_sign_BYTES];
    if (!from_hex(sig_text, signature, sizeof signature))
        return make_error(std::string(sig_name), 0, "not a signature (expected 128 hex digits)");
    if (crypto_sign_verify_detached(signature,
                                    reinterpret_cast<const unsigned char*>(manifest_bytes.data()),
                                    manifest_bytes.size(), key.bytes.data()) != 0)
        return make_error(std::string(sig_name), 0,
                          "signature does not match manifest.json (changed manifest or wrong key)");
    return Ok{};
}

Status verify_built_bundle(const fs::path& built_dir, const PublicKey& key) {
    std::error_code ec;
    if (!fs::is_directory(built_dir, ec))
        return make_error(built_dir.string(), 0, "no such built bundle folder");
    const fs::path manifest_path = built_dir / "manifest.json";
    const fs::path sig_path = built_dir / "manifest.sig";
    if (!fs::exists(manifest_path, ec)) return make_error(manifest_path.string(), 0, "missing");
    if (!fs::exists(sig_path, ec))
        return make_error(sig_path.string(), 0, "missing: the bundle is not signed");

    auto manifest_bytes = read_file(manifest_path, kMaxManifestBytes, Symlinks::Refuse);
    if (!manifest_bytes) return manifest_bytes.error();
    auto sig_text = read_file(sig_path, kMaxKeyFileBytes, Symlinks::Refuse);
    if (!sig_text) return sig_text.error();
    // The signature first: nothing in an unsigned manifest is worth looking at.
    if (Status good = verify_manifest_signature(*manifest_bytes, *sig_text, key, sig_path.string());
        !good)
        return good;
    auto manifest = parse_manifest(*manifest_bytes, manifest_path.string());
    if (!manifest) return manifest.error();

    const fs::path blobs_dir = built_dir / "blobs";
    for (fs::directory_iterator it(built_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == "manifest.json" || name == "manifest.sig") continue;
        if (name == "blobs" && it->is_directory(ec) && !it->is_symlink(ec)) continue;
        return make_error(it->path().string(), 0,
                          "unexpected file: a built bundle holds only manifest.json, "
                          "manifest.sig and blobs/");
    }
    if (ec) return make_error(built_dir.string(), 0, "cannot list folder: " + ec.message());
    if (!fs::is_directory(fs::symlink_status(blobs_dir, ec)))
        return make_error(blobs_dir.string(), 0, "missing blobs folder");

    // sha256 -> size; several paths may share one blob.
    std::map<std::string, uint64_t> expected;
    std::map<std::string, std::string> example_path;
    for (const FileEntry& file : manifest->files) {
        expected.emplace(file.sha256, file.size);
        example_path.emplace(file.sha256, file.path);
    }
    std::set<std::string> present;
    for (fs::directory_iterator it(blobs_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!expected.count(name))
            return make_error(it->path().string(), 0, "not listed in the manifest");
        if (!fs::is_regular_file(it->symlink_status(ec)))
            return make_error(it->path().string(), 0, "not a regular file");
        present.insert(name);
    }
    if (ec) return make_error(blobs_dir.string(), 0, "cannot list folder: " + ec.message());

    for (const auto& [sha, size] : expected) {
        const fs::path blob = blobs_dir / sha;
        const std::string owner = " (" + example_path[sha] + ")";
        if (!present.count(sha)) return make_error(blob.string(), 0, "missing" + owner);
        uint64_t actual_size = fs::file_size(blob, ec);
        if (ec) return make_error(blob.string(), 0, "cannot read size: " + ec.message());
        if (actual_size != size)
            return make_error(blob.string(), 0,
                              "size " + std::to_string(actual_size) + " but the manifest says " +
                                  std::to_string(size) + owner);
        auto digest = sha256_file_hex(blob);
        if (!digest) return digest.error();
        if (*digest != sha)
            return make_error(blob.string(), 0, "content does not match its SHA-256" + owner);
    }
    return Ok{};
}

} // namespace kiosk::bundle
