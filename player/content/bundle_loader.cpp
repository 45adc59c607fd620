// The content loader as a whole: one pass over a bundle (files sorted, bundle.toml, pages,
// procedures, references, order) into an immutable Bundle, and load_bundle(). The jobs
// live in their own files; bundle_loading.h lists them.

#include "player/content/bundle_loader.h"

#include "player/content/bundle_loading.h"

#include "player/content/content_limits.h"
#include "player/content/content_rules.h"
#include "player/content/front_matter.h"
#include "player/content/markdown_page.h"
#include "player/content/procedure_flow.h"
#include "player/content/toml_fields.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace kiosk::content {

bool LoadReport::has_errors() const {
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem& p) { return p.severity == Severity::Error; });
}

void LoadReport::error(std::string file, int line, std::string message) {
    problems.push_back({Severity::Error, make_error(std::move(file), line, std::move(message))});
}

void LoadReport::warning(std::string file, int line, std::string message) {
    problems.push_back({Severity::Warning, make_error(std::move(file), line, std::move(message))});
}

namespace loading {

std::shared_ptr<Bundle> Loader::run() {
    if (!load_manifest()) return m_bundle;
    sort_files();
    for (auto& [id, files] : m_page_folders)
        load_page(id, files);
    for (auto& [id, files] : m_procedure_folders)
        load_procedure(id, files);
    load_signage(); // after the pages its slides may show
    check_references();
    check_video_files();
    sort_model();
    return m_bundle;
}

// The bytes of one file as text, or nothing after reporting why not.
std::optional<std::string> Loader::read_text(std::string_view path, uint64_t max_bytes) {
    auto bytes = m_files.read(path, max_bytes);
    if (!bytes) {
        m_report.error(display(path), 0, bytes.error().message);
        return std::nullopt;
    }
    // A NUL byte is never text: editors and terminals disagree about what follows it.
    if (size_t nul = bytes->find('\0'); nul != std::string::npos) {
        LineIndex lines(*bytes);
        m_report.error(display(path), lines.line_of(nul),
                       "contains a NUL byte (column " + std::to_string(lines.column_of(nul)) +
                           "); this is not a text file, or it was saved as UTF-16 (save it "
                           "as UTF-8)");
        return std::nullopt;
    }
    // Other control characters are not text either, and two of them mark **strong** text
    // for the text engine (player/text/ruby_markup.h): an author cannot type them.
    static constexpr char kControls[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
                                        "\x1c\x1d\x1e\x1f\x7f";
    if (size_t control = bytes->find_first_of(kControls); control != std::string::npos) {
        LineIndex lines(*bytes);
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", unsigned(uint8_t((*bytes)[control])));
        m_report.error(display(path), lines.line_of(control),
                       std::string("contains the control character ") + code + " (column " +
                           std::to_string(lines.column_of(control)) + "); remove it");
        return std::nullopt;
    }
    size_t bad = find_invalid_utf8(*bytes);
    if (bad != std::string::npos) {
        LineIndex lines(*bytes);
        m_report.error(display(path), lines.line_of(bad),
                       "invalid UTF-8 at byte " + std::to_string(bad) + " (column " +
                           std::to_string(lines.column_of(bad)) +
                           "); save the file as UTF-8 in your editor");
        return std::nullopt;
    }
    return std::move(*bytes);
}

// ---- pages ---------------------------------------------------------------------
void Loader::load_page(const std::string& id, const FolderFiles& files) {
    const std::string folder_path = "pages/" + id;
    const std::string& default_locale = m_bundle->default_locale;
    if (!files.by_locale.count(default_locale)) {
        m_report.error(display(folder_path), 0,
                       "page " + quote(id) + " has no " + default_locale +
                           ".md (the default locale's file is required; add " + folder_path + "/" +
                           default_locale + ".md)");
    }
    warn_untranslated(folder_path, files);

    Page page;
    page.id = id;
    // The default locale's front matter decides category, order and icon; the others
    // may repeat them but must agree.
    std::vector<std::pair<std::string, std::string>> order(files.by_locale.begin(),
                                                           files.by_locale.end());
    std::stable_partition(order.begin(), order.end(),
                          [&](const auto& entry) { return entry.first == default_locale; });
    std::optional<FrontMatter> decided;
    std::string decided_file;
    std::vector<std::pair<std::string, MarkdownPage>> bodies;
    for (const auto& [locale, path] : order) {
        const std::string file = display(path);
        auto text = read_text(path, kMaxPageFileBytes);
        if (!text) continue;
        auto split = split_page_file(*text, file, m_report);
        if (!split) continue;
        auto front = parse_front_matter(*split, file, m_report);
        MarkdownPage body = parse_markdown(split->body, split->body_line, file, m_report);
        if (!front) continue;
        if (!decided) {
            decided = front;
            decided_file = path.substr(path.rfind('/') + 1);
            if (!front->category)
                m_report.error(file, front->category_line,
                               "missing \"category\" in front matter (add category = \"...\" "
                               "with one of " +
                                   quoted_list(category_ids()) + ")");
            else
                check_category(file, front->category_line, *front->category);
        } else {
            check_same(file, decided_file, "category", front->category, decided->category,
                       front->category_line);
            check_same(file, decided_file, "icon", front->icon, decided->icon, front->icon_line);
            check_same(file, decided_file, "order", front->order, decided->order,
                       front->order_line);
            check_same(file, decided_file, "sign_language", front->sign_language,
                       decided->sign_language, front->sign_language_line);
        }
        PageText words;
        words.title = std::move(front->title);
        words.blocks = std::move(body.blocks);
        words.file = path;
        page.by_locale.emplace(locale, std::move(words));
        m_pending_images.emplace_back(file, std::move(body.images));
    }
    if (decided) {
        page.category = decided->category.value_or("");
        page.icon = decided->icon.value_or("");
        page.order = decided->order.value_or(0);
        if (decided->sign_language) {
            page.sign_language = *decided->sign_language;
            check_video(display(folder_path + "/" + decided_file), decided->sign_language_line,
                        page.sign_language, false);
        }
    }
    m_bundle->pages.push_back(std::move(page));
}

std::vector<std::string> Loader::category_ids() const {
    std::vector<std::string> ids;
    for (const Category& category : m_bundle->categories)
        ids.push_back(category.id);
    return ids;
}

void Loader::check_category(const std::string& file, int line, const std::string& category) {
    if (m_bundle->category(category)) return;
    const std::vector<std::string> ids = category_ids();
    m_report.error(file, line,
                   "unknown category " + quote(category) + did_you_mean(category, ids) +
                       (ids.empty()
                            ? std::string(" (bundle.toml declares no [[category]])")
                            : " (use one of " + quoted_list(ids) + ", or add it to bundle.toml)"));
}

// ---- procedures ----------------------------------------------------------------
void Loader::load_procedure(const std::string& id, const FolderFiles& files) {
    const std::string folder_path = "procedures/" + id;
    const std::string& default_locale = m_bundle->default_locale;
    if (!files.has_flow) {
        m_report.error(display(folder_path), 0,
                       "procedure " + quote(id) + " has no flow.toml (add " + folder_path +
                           "/flow.toml with its questions and checklist items)");
        return;
    }
    Procedure procedure;
    procedure.id = id;
    const std::string flow_path = folder_path + "/flow.toml";
    auto text = read_text(flow_path, kMaxTomlFileBytes);
    int category_line = 0;
    if (!text || !parse_flow(*text, display(flow_path), procedure, &category_line, m_report)) {
        m_bundle->procedures.push_back(std::move(procedure)); // so links to it still resolve
        return;
    }
    if (!procedure.category.empty())
        check_category(display(flow_path), category_line, procedure.category);
    if (!procedure.sign_language.empty())
        check_video(display(flow_path), procedure.sign_language_line, procedure.sign_language,
                    false);
    for (const Question& question : procedure.questions)
        if (!question.sign_language.empty())
            check_video(display(flow_path), question.sign_language_line, question.sign_language,
                        false);
    if (!files.by_locale.count(default_locale))
        m_report.error(display(folder_path), 0,
                       "procedure " + quote(id) + " has no " + default_locale +
                           ".toml (the default locale's words are required; add " + folder_path +
                           "/" + default_locale + ".toml)");
    warn_untranslated(folder_path, files);
    for (const auto& [locale, path] : files.by_locale) {
        auto words_text = read_text(path, kMaxTomlFileBytes);
        if (!words_text) continue;
        std::string to =
            falls_back_to(locale, [&](std::string_view t) { return files.by_locale.count(t) > 0; });
        const bool is_default = locale == default_locale;
        auto words = parse_procedure_text(*words_text, display(path), procedure, locale,
                                          is_default ? nullptr : &to, m_report);
        if (!words) continue;
        words->file = path;
        procedure.by_locale.emplace(locale, std::move(*words));
    }
    m_bundle->procedures.push_back(std::move(procedure));
}

// ---- order -------------------------------------------------------------------
void Loader::sort_model() {
    std::map<std::string, size_t, std::less<>> category_rank;
    for (size_t i = 0; i < m_bundle->categories.size(); ++i)
        category_rank.emplace(m_bundle->categories[i].id, i);
    auto rank = [&](const std::string& category) {
        auto it = category_rank.find(category);
        return it == category_rank.end() ? std::numeric_limits<size_t>::max() : it->second;
    };
    std::sort(m_bundle->pages.begin(), m_bundle->pages.end(), [&](const Page& a, const Page& b) {
        return std::tuple(rank(a.category), a.order, a.id) <
               std::tuple(rank(b.category), b.order, b.id);
    });
    std::sort(m_bundle->procedures.begin(), m_bundle->procedures.end(),
              [](const Procedure& a, const Procedure& b) {
                  return std::tie(a.order, a.id) < std::tie(b.order, b.id);
              });
    std::sort(m_bundle->alerts.begin(), m_bundle->alerts.end());
}

} // namespace loading

namespace {

// One cause can make many errors in one file (a wrong locale in every key of a big
// table); past kMaxErrorsPerFile the rest of that file's errors become one line, so the
// first cause stays visible. Expects problems sorted by file.
void cap_errors_per_file(std::vector<Problem>& problems, size_t first) {
    std::vector<Problem> kept(problems.begin(),
                              problems.begin() + static_cast<std::ptrdiff_t>(first));
    for (size_t i = first; i < problems.size();) {
        size_t end = i;
        while (end < problems.size() && problems[end].where.file == problems[i].where.file)
            ++end;
        size_t errors = 0, dropped = 0;
        for (size_t k = i; k < end; ++k) {
            const bool error = problems[k].severity == Severity::Error;
            if (error && ++errors > kMaxErrorsPerFile) {
                ++dropped;
                continue;
            }
            kept.push_back(std::move(problems[k]));
        }
        if (dropped > 0)
            kept.push_back({Severity::Error,
                            make_error(problems[i].where.file, 0,
                                       "... and " + std::to_string(dropped) +
                                           " more errors in this file, not shown (fix the first "
                                           "ones: they often cause the rest)")});
        i = end;
    }
    problems = std::move(kept);
}

} // namespace

Result<std::shared_ptr<const Bundle>> load_bundle(const bundle::BundleFiles& files,
                                                  LoadReport* report, const LoadOptions& options) {
    LoadReport local;
    LoadReport& out = report ? *report : local;
    const size_t first_new = out.problems.size();
    std::shared_ptr<Bundle> bundle = loading::Loader(files, out, options).run();
    // Staff read the report top to bottom: by file, then by line.
    std::stable_sort(out.problems.begin() + static_cast<std::ptrdiff_t>(first_new),
                     out.problems.end(), [](const Problem& a, const Problem& b) {
                         return std::tie(a.where.file, a.where.line) <
                                std::tie(b.where.file, b.where.line);
                     });
    cap_errors_per_file(out.problems, first_new);
    for (size_t i = first_new; i < out.problems.size(); ++i)
        if (out.problems[i].severity == Severity::Error) return out.problems[i].where;
    return std::shared_ptr<const Bundle>(std::move(bundle));
}

Result<std::shared_ptr<const Bundle>> load_bundle(const std::filesystem::path& dir,
                                                  LoadReport* report, const LoadOptions& options) {
    auto files = bundle::BundleFiles::open(dir);
    if (!files) {
        if (report) report->problems.push_back({Severity::Error, files.error()});
        return files.error();
    }
    return load_bundle(*files, report, options);
}

} // namespace kiosk::content
