#pragma once
// Every limit the content loader enforces, in one place (docs/CONTENT.md, "Limits", states
// the same numbers). A bundle is untrusted input: each limit bounds the memory and time
// one file can cost, and each refusal names the limit and what to do instead.

#include <cstddef>
#include <cstdint>

namespace kiosk::content {

// File sizes, checked before a file is read.
inline constexpr uint64_t kMaxTomlFileBytes = 256 * 1024; // bundle.toml, flow.toml, <locale>.toml
inline constexpr uint64_t kMaxPageFileBytes = 256 * 1024; // pages/<id>/<locale>.md
inline constexpr uint64_t kMaxImageFileBytes = 16ull << 20;

// Pictures, checked from the header before anything is decoded.
inline constexpr int kMaxImageSide = 4096;
inline constexpr uint64_t kMaxImagePixels = uint64_t(kMaxImageSide) * kMaxImageSide;

// TOML: brackets/braces open at once, and parts of one dotted key or table header.
inline constexpr int kMaxTomlNesting = 16;
inline constexpr int kMaxTomlKeyParts = 16;

// Markdown pages.
inline constexpr size_t kMaxParagraphBytes = 8 * 1024; // one paragraph, heading, item or cell
inline constexpr size_t kMaxBlocksPerPage = 2000;
inline constexpr size_t kMaxTableRows = 100;
inline constexpr size_t kMaxTableColumns = 12;
inline constexpr int kMaxMarkdownNesting = 8; // lists and quotes inside each other

// Guided procedures.
inline constexpr size_t kMaxQuestions = 256; // per procedure
inline constexpr size_t kMaxAnswers = 16;    // per question
inline constexpr size_t kMaxItems = 256;     // checklist items per procedure

// Short texts (titles, labels, counters): one line on a kiosk screen.
inline constexpr size_t kMaxShortTextBytes = 1024;

} // namespace kiosk::content
