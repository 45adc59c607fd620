#pragma once
// The content of one bundle version as immutable values (docs/CONTENT.md). Loaded once
// by load_bundle(); the running UI holds a shared_ptr<const Bundle> and swaps it between
// frames when a new version activates.

#include "player/content/localized_text.h"
#include "player/content/signage_model.h"

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

// A video file of the bundle and where it is named (docs/VIDEO.md). Captions are found by
// name next to it: videos/x.mp4 has videos/x.<locale>.vtt (caption_file()).
struct VideoUse {
    std::string path;     // "videos/lobby.mp4"
    std::string named_in; // the file naming it first, as shown to staff
    int line = 0;         // its line there
    bool signage = false; // a signage slide (muted, looped or once); else a sign-language clip
};

// videos/x.mp4 -> videos/x.<locale>.vtt
std::string caption_file(std::string_view video_path, std::string_view locale);

struct Category {
    std::string id;
    std::string icon;
    LocalizedText title;
};

// Markdown as the kiosk draws it: a flat list of blocks, inline styling reduced to what
// large-print signage needs.
enum class BlockKind { Heading, Paragraph, ListItem, TableRow, Image };

struct Link {
    std::string target; // "page:<id>" or "procedure:<id>"
    std::string text;
};

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    int level = 0;                  // heading level 1..3; list nesting depth from 1
    bool ordered = false;           // numbered list item
    int number = 0;                 // its number
    bool header = false;            // a table's header row
    std::string text;               // with ruby markup; for images, the alt text
    std::vector<std::string> cells; // table rows
    std::string image;              // image path relative to the bundle
    std::vector<Link> links;        // links inside this block, in order
    int source_line = 0;            // for messages to staff
};

struct PageText {
    std::string title;
    std::vector<Block> blocks;
    std::string file; // where it came from, e.g. "pages/moving-in/ja.md"
};

struct Page {
    std::string id;
    std::string category;
    std::string icon;
    int order = 0;
    std::string sign_language; // a sign-language clip explaining the page ("videos/..."), or ""
    std::map<std::string, PageText, std::less<>> by_locale;
};

struct Answer {
    std::string id;
    std::string next; // a question id or "end"
};

struct Question {
    std::string id;
    std::vector<Answer> answers;
    std::string sign_language;  // a sign-language clip for this step, or ""
    int sign_language_line = 0; // in flow.toml
};

struct ChecklistItem {
    std::string id;
    std::string counter;
    int floor = 1;
    std::vector<std::pair<std::string, std::string>> when; // question id -> answer id
};

struct ItemText {
    std::string title;
    std::vector<std::string> bring;
    std::string fee, deadline, hours, note;
};

struct QuestionText {
    std::string text;
    std::map<std::string, std::string, std::less<>> answers;
};

struct ProcedureText {
    std::string title;
    std::string intro;
    std::map<std::string, QuestionText, std::less<>> questions;
    std::map<std::string, ItemText, std::less<>> items;
    std::string file;
};

struct Procedure {
    std::string id;
    std::string category;
    std::string icon;
    int order = 0;
    std::string start;
    std::string url;            // the official online page, https://, or empty
    std::string sign_language;  // a sign-language clip for the introduction, or ""
    int sign_language_line = 0; // in flow.toml
    std::vector<Question> questions;
    std::vector<ChecklistItem> items;
    std::map<std::string, ProcedureText, std::less<>> by_locale;

    const Question* question(std::string_view id) const;
};

struct Bundle {
    std::string id;
    std::string version;
    std::string default_locale = "ja";
    std::vector<std::string> locales;
    std::map<std::string, std::vector<std::string>, std::less<>> fallback; // "default" too
    std::string time_zone = "Asia/Tokyo";
    std::string theme = "default";
    int idle_seconds = 90;
    float screen_diagonal_inches = 32;
    LocalizedText title;
    std::array<std::string, 7> hours; // Monday..Sunday: "08:30-17:15" or "closed"
    std::vector<Category> categories;
    std::vector<Page> pages;           // sorted by category order, then order, then id
    std::vector<Procedure> procedures; // sorted by order, then id
    // The bundle's alerts: alerts/<id>.xml, CAP documents (drills staff prepared) that
    // player/alerts parses; sorted. The content loader only checks their names.
    std::vector<std::string> alerts;
    Signage signage; // signage/: playlists and their schedule (signage_model.h)
    // Every video the bundle plays (signage slides, sign-language clips), each with where it
    // is first named, for `bundle check` (which opens each) and `bundle preview`. Sorted.
    std::vector<VideoUse> videos;

    const Page* page(std::string_view id) const;
    const Procedure* procedure(std::string_view id) const;
    const Category* category(std::string_view id) const;

    // The locales to try for `locale`, in order: itself, its declared fallback chain (or
    // `default`), then the bundle's default locale. No duplicates.
    std::vector<std::string> fallback_chain(std::string_view locale) const;

    // The text in `locale`, or along its fallback chain; empty when nowhere.
    const std::string& pick(const LocalizedText& text, std::string_view locale) const;
    template <typename Map>
    auto pick(const Map& by_locale, std::string_view locale) const -> const
        typename Map::mapped_type* {
        for (const auto& tag : fallback_chain(locale))
            if (auto it = by_locale.find(tag); it != by_locale.end()) return &it->second;
        return nullptr;
    }

    // The words of one question or checklist item of `procedure` in `locale`, taken from
    // the first locale along the fallback chain that has them, so that one untranslated
    // item falls back alone instead of blanking or replacing the whole procedure.
    const QuestionText* question_text(const Procedure& procedure, std::string_view question,
                                      std::string_view locale) const;
    const ItemText* item_text(const Procedure& procedure, std::string_view item,
                              std::string_view locale) const;
};

} // namespace kiosk::content
