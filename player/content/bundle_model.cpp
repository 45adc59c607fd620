#include "player/content/bundle_model.h"

#include <algorithm>

namespace kiosk::content {

namespace {

// Bundles hold tens of pages and procedures: a linear search is simpler than an index that
// would have to be kept in step with the vectors, and fast enough for per-frame lookups.
template <typename T> const T* find_by_id(const std::vector<T>& values, std::string_view id) {
    auto it = std::find_if(values.begin(), values.end(), [&](const T& v) { return v.id == id; });
    return it == values.end() ? nullptr : &*it;
}

} // namespace

const Question* Procedure::question(std::string_view id) const {
    return find_by_id(questions, id);
}

std::string caption_file(std::string_view video_path, std::string_view locale) {
    size_t slash = video_path.rfind('/');
    size_t dot = video_path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
        dot = video_path.size();
    std::string path(video_path.substr(0, dot));
    path += '.';
    path += locale;
    path += ".vtt";
    return path;
}

const Page* Bundle::page(std::string_view id) const {
    return find_by_id(pages, id);
}

const Procedure* Bundle::procedure(std::string_view id) const {
    return find_by_id(procedures, id);
}

const Category* Bundle::category(std::string_view id) const {
    return find_by_id(categories, id);
}

std::vector<std::string> Bundle::fallback_chain(std::string_view locale) const {
    std::vector<std::string> chain;
    auto add = [&](std::string_view tag) {
        if (tag.empty() || std::find(chain.begin(), chain.end(), tag) != chain.end()) return;
        chain.emplace_back(tag);
    };
    add(locale);
    auto declared = fallback.find(locale);
    if (declared == fallback.end()) declared = fallback.find("default");
    if (declared != fallback.end())
        for (const std::string& tag : declared->second)
            add(tag);
    add(default_locale);
    return chain;
}

const std::string& Bundle::pick(const LocalizedText& text, std::string_view locale) const {
    static const std::string empty;
    const std::string* found = pick(text.by_locale, locale);
    return found ? *found : empty;
}

const QuestionText* Bundle::question_text(const Procedure& procedure, std::string_view question,
                                          std::string_view locale) const {
    for (const auto& tag : fallback_chain(locale)) {
        auto words = procedure.by_locale.find(tag);
        if (words == procedure.by_locale.end()) continue;
        auto text = words->second.questions.find(question);
        if (text != words->second.questions.end() && !text->second.text.empty())
            return &text->second;
    }
    return nullptr;
}

const ItemText* Bundle::item_text(const Procedure& procedure, std::string_view item,
                                  std::string_view locale) const {
    for (const auto& tag : fallback_chain(locale)) {
        auto words = procedure.by_locale.find(tag);
        if (words == procedure.by_locale.end()) continue;
        auto text = words->second.items.find(item);
        if (text != words->second.items.end() && !text->second.title.empty()) return &text->second;
    }
    return nullptr;
}

} // namespace kiosk::content
