#include "player/bundle/sha256.h"

#include <sodium.h>

#include <fstream>

namespace kiosk::bundle {

namespace {

std::string to_hex(const unsigned char* bytes, size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back(); // sodium_bin2hex writes a terminating NUL
    return hex;
}

} // namespace

bool ensure_sodium() {
    // A function-local static runs sodium_init() exactly once, even with threads.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return to_hex(digest, sizeof digest);
}

Result<std::string> sha256_file_hex(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(path.string(), 0, "cannot open for reading");
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    char buffer[64 * 1024];
    while (in) {
        in.read(buffer, sizeof buffer);
        auto count = in.gcount();
        if (count > 0)
            crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer),
                                      static_cast<unsigned long long>(count));
    }
    if (in.bad()) return make_error(path.string(), 0, "read error");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    return to_hex(digest, sizeof digest);
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

} // namespace kiosk::bundle
