#pragma once
// Helpers shared by the bundle_*.cpp tests: temporary folders and tiny bundles, created
// fresh for each test so tests never depend on each other or on leftovers.

#include "player/bundle/manifest.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace kiosk::bundle::test {

namespace fs = std::filesystem;

// A unique folder under the system temp dir, removed with everything in it at scope end.
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        m_path = fs::temp_directory_path() / ("kiosk-bundle-test-" + std::to_string(::getpid()) +
                                              "-" + std::to_string(counter++));
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return m_path; }
    fs::path operator/(const std::string& relative) const { return m_path / relative; }

  private:
    fs::path m_path;
};

// What the content loader reads from make_authored_bundle()'s bundle.toml; the builder
// takes it from its caller.
inline const BundleIdentity kTestIdentity{"test-ward", "2026.01.02-1"};
// Sequence 7, expiring 2030-01-01T00:00:00Z.
inline const ReleaseStamp kTestStamp{7, 1893456000};

inline void write_file(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A small authored bundle: bundle.toml, two pages, a duplicate file (same bytes as
// another, so dedup is exercised) and a hidden file that must be skipped.
// The bytes of pages/moving-in/en.md in make_authored_bundle().
inline const char* const kMovingInEn =
    "+++\ncategory = \"procedures\"\ntitle = \"Moving in\"\n+++\nBody\n";

inline void make_authored_bundle(const fs::path& dir) {
    write_file(dir / "bundle.toml", "id = \"test-ward\"\nversion = \"2026.01.02-1\"\n"
                                    "default_locale = \"ja\"\nlocales = [\"ja\", \"en\"]\n"
                                    "[title]\nja = \"テスト区\"\nen = \"Test Ward\"\n"
                                    "[[category]]\nid = \"procedures\"\nicon = \"document\"\n"
                                    "[category.title]\nja = \"手続き\"\nen = \"Procedures\"\n");
    write_file(dir / "pages/moving-in/ja.md",
               "+++\ncategory = \"procedures\"\ntitle = \"転入届\"\n+++\n本文\n");
    write_file(dir / "pages/moving-in/en.md", kMovingInEn);
    write_file(dir / "pages/copy/ja.md",
               "+++\ncategory = \"procedures\"\ntitle = \"転入届\"\n+++\n本文\n");
    write_file(dir / ".hidden-notes.txt", "not content");
    write_file(dir / ".git/config", "not content either");
}

} // namespace kiosk::bundle::test
