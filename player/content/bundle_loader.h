#pragma once
// Loading a bundle into immutable values, and the problems found on the way. The same
// pass serves the kiosk (load once at start or on activation) and `kiosk bundle check`
// (report every problem as file:line: message).

#include "player/bundle/bundle_files.h"
#include "player/content/bundle_model.h"
#include "player/core/result.h"

#include <memory>
#include <vector>

namespace kiosk::content {

enum class Severity { Warning, Error };

struct Problem {
    Severity severity = Severity::Error;
    Error where; // file (display path), line, message
};

struct LoadReport {
    std::vector<Problem> problems;
    bool has_errors() const;
    void error(std::string file, int line, std::string message);
    void warning(std::string file, int line, std::string message);
};

struct LoadOptions {
    // Decode every picture whole (check and build), not only its header (run time), so
    // that truncated or damaged pictures are refused before they reach a terminal.
    bool decode_images = false;
};

// More errors than this in one file are summarized in one line (see docs/CONTENT.md).
inline constexpr size_t kMaxErrorsPerFile = 20;

// Parses every file of the bundle. Fails (with the first error) when any error was found;
// `report`, when given, receives every problem, warnings included.
Result<std::shared_ptr<const Bundle>> load_bundle(const bundle::BundleFiles& files,
                                                  LoadReport* report = nullptr,
                                                  const LoadOptions& options = {});

// Convenience: open DIR in any form (authored, built, store) and load it.
Result<std::shared_ptr<const Bundle>> load_bundle(const std::filesystem::path& dir,
                                                  LoadReport* report = nullptr,
                                                  const LoadOptions& options = {});

} // namespace kiosk::content
