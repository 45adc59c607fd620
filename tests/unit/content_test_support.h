#pragma once
// Helpers shared by the content_*.cpp tests.

#include "player/content/bundle_loader.h"

#include <string>

namespace kiosk::content::test {

// Every problem of a report, one "error: file:line: message" a line, for failure output.
inline std::string describe(const LoadReport& report) {
    std::string out;
    for (const Problem& problem : report.problems)
        out += std::string(problem.severity == Severity::Error ? "error: " : "warning: ") +
               problem.where.describe() + "\n";
    return out;
}

inline size_t count(const LoadReport& report, Severity severity) {
    size_t n = 0;
    for (const Problem& problem : report.problems)
        n += problem.severity == severity;
    return n;
}

// True when some problem of `severity` contains `fragment` in its "file:line: message".
inline bool mentions(const LoadReport& report, Severity severity, const std::string& fragment) {
    for (const Problem& problem : report.problems)
        if (problem.severity == severity &&
            problem.where.describe().find(fragment) != std::string::npos)
            return true;
    return false;
}

} // namespace kiosk::content::test
