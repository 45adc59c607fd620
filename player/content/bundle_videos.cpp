// Videos of a bundle (docs/VIDEO.md): videos/<name>.mp4|.webm, captions beside them as
// videos/<name>.<locale>.vtt. Here only names and references are checked; `bundle check`
// opens each video and parses each caption file with player/media.

#include "player/content/bundle_loading.h"

#include <algorithm>

namespace kiosk::content::loading {

void Loader::add_video_file(const std::string& path) {
    if (is_video_name(path)) {
        m_video_files.push_back(path);
    } else if (ends_with(path, ".vtt")) {
        m_caption_files.push_back(path);
    } else {
        m_report.warning(display(path), 0,
                         "not a video the kiosk plays (use .mp4 with H.264 or .webm with VP9, "
                         "and .<locale>.vtt for captions; or move it out of videos/)");
    }
}

void Loader::check_video(const std::string& file, int line, const std::string& path, bool signage) {
    if (!check_named_file(file, line, path, "video", "videos/lobby.mp4", m_video_files)) return;
    if (!is_video_name(path)) {
        m_report.error(file, line,
                       "video " + quote(path) +
                           " is not .mp4 or .webm (the kiosk plays H.264 in MP4 and VP9 in "
                           "WebM; re-encode it)");
        return;
    }
    auto& videos = m_bundle->videos;
    auto it = std::find_if(videos.begin(), videos.end(),
                           [&](const VideoUse& use) { return use.path == path; });
    if (it == videos.end()) videos.push_back({path, file, line, signage});
}

void Loader::check_video_files() {
    std::sort(m_bundle->videos.begin(), m_bundle->videos.end(),
              [](const VideoUse& a, const VideoUse& b) { return a.path < b.path; });
    for (const std::string& caption : m_caption_files) {
        // videos/x.<locale>.vtt: the locale is what lies between the last two dots.
        std::string_view stem(caption);
        stem.remove_suffix(4);
        size_t dot = stem.rfind('.');
        size_t slash = stem.rfind('/');
        if (dot == std::string_view::npos || dot < slash) {
            m_report.warning(display(caption), 0,
                             "captions need their language in the name, like "
                             "videos/<name>.ja.vtt (rename it)");
            continue;
        }
        std::string locale(stem.substr(dot + 1));
        if (std::find(m_bundle->locales.begin(), m_bundle->locales.end(), locale) ==
            m_bundle->locales.end()) {
            m_report.warning(display(caption), 0,
                             "captions in " + quote(locale) +
                                 ", which is not a locale of bundle.toml" +
                                 did_you_mean(locale, m_bundle->locales) +
                                 " (rename it to videos/<name>.<locale>.vtt with one of " +
                                 quoted_list(m_bundle->locales) + ")");
            continue;
        }
        bool has_video =
            std::any_of(m_video_files.begin(), m_video_files.end(), [&](const std::string& video) {
                return caption_file(video, locale) == caption;
            });
        if (!has_video)
            m_report.warning(display(caption), 0,
                             "captions for a video that is not in videos/ (name them after "
                             "their video: videos/<name>.mp4 has videos/<name>." +
                                 locale + ".vtt)");
    }
    for (const std::string& video : m_video_files) {
        bool used = std::any_of(m_bundle->videos.begin(), m_bundle->videos.end(),
                                [&](const VideoUse& use) { return use.path == video; });
        if (!used)
            m_report.warning(display(video), 0,
                             "no slide, page or procedure step plays this video (name it in a "
                             "[[slide]] with type = \"video\" or as sign_language, or remove it)");
    }
}

} // namespace kiosk::content::loading
