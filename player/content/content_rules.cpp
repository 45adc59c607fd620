#include "player/content/content_rules.h"

#include "player/bundle/manifest.h"

#include <algorithm>

namespace kiosk::content {

namespace {

bool is_lower_alpha(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_alpha(char c) {
    return is_lower_alpha(c) || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Levenshtein distance with two rows; words here are short keys and ids.
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

template <typename Range> std::string suggest(std::string_view word, const Range& candidates) {
    // Typos are a letter or two; beyond that a suggestion is more confusing than helpful.
    size_t best_distance = word.size() <= 4 ? 1 : 2;
    std::string_view best;
    for (const auto& candidate : candidates) {
        size_t distance = edit_distance(word, candidate);
        if (distance <= best_distance && (best.empty() || distance < best_distance)) {
            best = candidate;
            best_distance = distance;
        }
    }
    // A shortened or lengthened id ("child" for "children") is a typo of another kind.
    if (best.empty() && word.size() >= 3)
        for (const auto& candidate : candidates) {
            std::string_view other(candidate);
            if (other.size() >= 3 &&
                (other.substr(0, word.size()) == word || word.substr(0, other.size()) == other)) {
                best = other;
                break;
            }
        }
    if (best.empty()) return {};
    return " (did you mean " + quote(best) + "?)";
}

template <typename Range> std::string join_quoted(const Range& words) {
    std::string out;
    for (const auto& word : words) {
        if (!out.empty()) out += ", ";
        out += quote(word);
    }
    return out;
}

} // namespace

bool is_valid_id(std::string_view id) {
    return bundle::is_valid_bundle_id(id);
}

const std::initializer_list<std::string_view> kIconNames = {
    "home", "document", "shield", "train", "camera", "heart", "info", "trash", "baby", "globe"};

bool is_known_icon(std::string_view name) {
    return std::find(kIconNames.begin(), kIconNames.end(), name) != kIconNames.end();
}

bool is_locale_tag(std::string_view tag) {
    size_t start = 0;
    bool first = true;
    while (true) {
        size_t end = tag.find('-', start);
        std::string_view subtag =
            tag.substr(start, end == std::string_view::npos ? end : end - start);
        if (first) {
            if (subtag.size() < 2 || subtag.size() > 3) return false;
            if (!std::all_of(subtag.begin(), subtag.end(), is_lower_alpha)) return false;
        } else {
            if (subtag.empty() || subtag.size() > 8) return false;
            if (!std::all_of(subtag.begin(), subtag.end(),
                             [](char c) { return is_alpha(c) || is_digit(c); }))
                return false;
        }
        if (end == std::string_view::npos) return true;
        start = end + 1;
        first = false;
    }
}

std::string did_you_mean(std::string_view word,
                         std::initializer_list<std::string_view> candidates) {
    return suggest(word, candidates);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    return suggest(word, candidates);
}

std::string quoted_list(const std::vector<std::string>& words) {
    return join_quoted(words);
}

std::string quoted_list(std::initializer_list<std::string_view> words) {
    return join_quoted(words);
}

LineIndex::LineIndex(std::string_view text) {
    m_starts.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') m_starts.push_back(i + 1);
}

int LineIndex::line_of(size_t offset) const {
    auto after = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    return static_cast<int>(after - m_starts.begin());
}

int LineIndex::column_of(size_t offset) const {
    return static_cast<int>(offset - m_starts[line_of(offset) - 1]) + 1;
}

} // namespace kiosk::content
