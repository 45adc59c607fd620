// References between files, checked once every id is known: links to pages and
// procedures, pictures (read and checked), and ruby markup in every text.

#include "player/content/bundle_loading.h"

#include "player/bundle/relative_path.h"
#include "player/content/content_limits.h"
#include "player/content/content_rules.h"
#include "player/content/image_check.h"

namespace kiosk::content::loading {

namespace {

// Why `text` has malformed ruby markup, or "". Ruby is {base|reading}; a "{" followed by a
// "|" before its "}" is an attempt at it, and one the text engine would show as typed.
std::string ruby_problem(std::string_view text) {
    for (size_t open = text.find('{'); open != std::string_view::npos;
         open = text.find('{', open + 1)) {
        const size_t stop = text.find_first_of("{}", open + 1);
        const size_t bar = text.find('|', open + 1);
        const bool attempt =
            bar != std::string_view::npos && (stop == std::string_view::npos || bar < stop);
        if (!attempt) continue;
        const bool closed = stop != std::string_view::npos && text[stop] == '}';
        const size_t second_bar = text.find('|', bar + 1);
        const bool well_formed = closed && bar > open + 1 && stop > bar + 1 &&
                                 (second_bar == std::string_view::npos || second_bar > stop);
        if (well_formed) continue;
        const size_t end = stop == std::string_view::npos ? text.size() : stop + 1;
        std::string shown(text.substr(open, std::min<size_t>(end - open, 40)));
        return "malformed ruby " + quote(shown) +
               " (write {base|reading} with both parts, e.g. {漢字|かんじ})";
    }
    return {};
}

} // namespace

// ---- references between files ------------------------------------------------
void Loader::check_references() {
    std::set<std::string, std::less<>> page_ids, procedure_ids;
    std::vector<std::string> page_list, procedure_list;
    for (const Page& page : m_bundle->pages) {
        page_ids.insert(page.id);
        page_list.push_back(page.id);
    }
    for (const Procedure& procedure : m_bundle->procedures) {
        procedure_ids.insert(procedure.id);
        procedure_list.push_back(procedure.id);
    }
    for (const Page& page : m_bundle->pages)
        for (const auto& [locale, words] : page.by_locale)
            for (const Block& block : words.blocks)
                for (const Link& link : block.links)
                    check_link(display(words.file), block.source_line, link, page_ids, page_list,
                               procedure_ids, procedure_list);
    for (const auto& [file, images] : m_pending_images)
        for (const MarkdownImage& image : images)
            check_image(file, image);
    check_ruby();
}

void Loader::check_ruby() {
    auto check = [&](const std::string& file, int line, const std::string& text) {
        if (std::string problem = ruby_problem(text); !problem.empty())
            m_report.error(display(file), line, problem);
    };
    for (const Page& page : m_bundle->pages)
        for (const auto& [locale, words] : page.by_locale) {
            check(words.file, 0, words.title);
            for (const Block& block : words.blocks) {
                check(words.file, block.source_line, block.text);
                for (const std::string& cell : block.cells)
                    check(words.file, block.source_line, cell);
            }
        }
    for (const Procedure& procedure : m_bundle->procedures)
        for (const auto& [locale, words] : procedure.by_locale) {
            check(words.file, 0, words.title);
            check(words.file, 0, words.intro);
            for (const auto& [id, question] : words.questions) {
                check(words.file, 0, question.text);
                for (const auto& [answer, label] : question.answers)
                    check(words.file, 0, label);
            }
            for (const auto& [id, item] : words.items)
                for (const std::string* text :
                     {&item.title, &item.fee, &item.deadline, &item.hours, &item.note})
                    check(words.file, 0, *text);
        }
    for (const Playlist& playlist : m_bundle->signage.playlists)
        for (const Slide& slide : playlist.slides)
            for (const LocalizedText* text : {&slide.title, &slide.body, &slide.caption})
                for (const auto& [locale, words] : text->by_locale)
                    check(slide.file, slide.line, words);
}

// The picture itself, read once however many pages show it: a missing or damaged blob
// fails here like a missing page blob, and a picture the kiosk cannot show (not PNG or
// JPEG inside, too many pixels, truncated when decode_images is on) is refused.
void Loader::check_image_file(const std::string& file, int line, const std::string& path) {
    auto [it, fresh] = m_checked_images.emplace(path, std::string());
    if (fresh) {
        auto bytes = m_files.read(path, kMaxImageFileBytes);
        if (!bytes)
            it->second = bytes.error().message;
        else if (std::string problem = image_problem(*bytes, m_options.decode_images);
                 !problem.empty())
            it->second = "image " + quote(path) + " " + problem;
    }
    if (!it->second.empty()) m_report.error(file, line, it->second);
}

void Loader::check_link(const std::string& file, int line, const Link& link,
                        const std::set<std::string, std::less<>>& page_ids,
                        const std::vector<std::string>& page_list,
                        const std::set<std::string, std::less<>>& procedure_ids,
                        const std::vector<std::string>& procedure_list) {
    const std::string& target = link.target;
    if (starts_with(target, "page:")) {
        std::string id = target.substr(5);
        if (!page_ids.count(id))
            m_report.error(file, line,
                           "link to unknown page " + quote(id) + did_you_mean(id, page_list) +
                               " (write page:<id> with the folder name of a page "
                               "in pages/)");
    } else if (starts_with(target, "procedure:")) {
        std::string id = target.substr(10);
        if (!procedure_ids.count(id))
            m_report.error(file, line,
                           "link to unknown procedure " + quote(id) +
                               did_you_mean(id, procedure_list) +
                               " (write procedure:<id> with the folder name of a "
                               "procedure in procedures/)");
    } else if (starts_with(target, "http:") || starts_with(target, "https:") ||
               starts_with(target, "www.") || starts_with(target, "mailto:")) {
        m_report.warning(file, line,
                         "web link " + target +
                             " cannot be followed on the kiosk (there is no browser; write "
                             "the address as text instead)");
    } else {
        m_report.error(file, line,
                       "link target " + quote(target) +
                           " is neither page:<page-id> nor procedure:<procedure-id>");
    }
}

void Loader::check_image(const std::string& file, const MarkdownImage& image) {
    if (image.alt.empty())
        m_report.error(file, image.line,
                       "image " + quote(image.path) +
                           " has no alt text (describe the picture between ![ and ]; "
                           "speech reads it)");
    check_picture(file, image.line, image.path);
}

// A file named by content (a picture, a video): inside the bundle, relative, present.
// `noun` and `example` ("image", "images/floor-1.png") word the messages; `known` are the
// bundle's files of that kind, for "did you mean".
bool Loader::check_named_file(const std::string& file, int line, const std::string& path,
                              std::string_view noun, std::string_view example,
                              const std::vector<std::string>& known) {
    const std::string n(noun), ex(example);
    const std::string folder = ex.substr(0, ex.find('/') + 1);
    const std::string relative = " (write it relative to the bundle, like " + ex + ")";
    if (path.find("://") != std::string::npos) {
        m_report.error(file, line,
                       n + " " + quote(path) + " is not a file in the bundle (put the file in " +
                           folder + " and write " + folder + "<name>" + ex.substr(ex.rfind('.')) +
                           ")");
    } else if (!path.empty() && path.front() == '/') {
        m_report.error(file, line, n + " path " + quote(path) + " is absolute" + relative);
    } else if (std::string problem = bundle::relative_path_problem(path); !problem.empty()) {
        m_report.error(file, line,
                       n + " path " + quote(path) + " is not usable: " + problem + relative);
    } else if (!m_files.contains(path)) {
        m_report.error(file, line,
                       n + " " + quote(path) + " does not exist in the bundle" +
                           did_you_mean(path, known) +
                           " (add the file or fix the path; paths are relative to the bundle, "
                           "like " +
                           ex + ")");
    } else {
        return true;
    }
    return false;
}

// A picture named by a page or a slide: a file of the bundle the kiosk can show.
void Loader::check_picture(const std::string& file, int line, const std::string& path) {
    if (!check_named_file(file, line, path, "image", "images/floor-1.png", m_images)) return;
    if (!is_image_name(path))
        m_report.error(file, line, "image " + quote(path) + " is not a PNG or JPEG file");
    else
        check_image_file(file, line, path);
}

} // namespace kiosk::content::loading
