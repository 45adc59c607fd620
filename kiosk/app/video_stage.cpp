#include "kiosk/app/video_stage.h"

#include "player/content/bundle_model.h"
#include "player/render/surface.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace kiosk::app {

VideoStage::~VideoStage() {
    shutdown();
}

void VideoStage::shutdown() {
    close();
    for (std::thread& closer : m_closers)
        closer.join();
    m_closers.clear();
}

void VideoStage::begin_frame(render::Surface& surface, const bundle::BundleFiles* files,
                             double now_ms, bool present) {
    m_present = present;
    m_surface = &surface;
    m_files = files;
    m_now_ms = now_ms;
    m_asked = false;
}

void VideoStage::end_frame() {
    if (!m_asked) close();
    if (!m_asked || !m_present) m_drawn = {}; // a layout pass draws nothing on screen
}

bool VideoStage::present_new_frame(SDL_Renderer* renderer) {
    if (!m_player || !m_alone || m_drawn.empty() || m_still) return false;
    if (renderer != m_checked_renderer) {
        SDL_RendererInfo info{};
        m_software =
            SDL_GetRendererInfo(renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
        m_checked_renderer = renderer;
    }
    if (!m_software || m_player->state() != media::VideoState::Playing) return false;
    bool same_size = true;
    m_player->take_frame(m_serial, [&](const media::FrameView& frame) {
        same_size =
            frame.width == int(m_drawn.w) && frame.height == int(m_drawn.h) && m_shown.texture;
        if (same_size) SDL_UpdateTexture(m_shown.texture, nullptr, frame.pixels, frame.stride);
    });
    if (!same_size) return false;
    const SDL_Rect dst{int(m_drawn.x), int(m_drawn.y), int(m_drawn.w), int(m_drawn.h)};
    SDL_RenderSetClipRect(renderer, &dst); // ImGui leaves its last clip rectangle set
    SDL_RenderCopy(renderer, m_shown.texture, nullptr, &dst);
    SDL_RenderSetClipRect(renderer, nullptr);
    SDL_RenderPresent(renderer);
    return true;
}

void VideoStage::close() {
    // mpv takes about a quarter of a second to stop its threads: not on the UI thread.
    if (m_player) {
        if (m_closers.size() >= 4) {
            m_closers.front().join();
            m_closers.erase(m_closers.begin());
        }
        m_closers.emplace_back([player = std::move(m_player)]() mutable { player.reset(); });
    }
    m_path.clear();
    m_serial = 0;
    m_shown = {};
}

void VideoStage::fail(const std::string& path, const std::string& why) {
    if (m_failed.emplace(path, why).second) {
        m_new_failure = true;
        std::string shown = m_files ? m_files->display_path(path) : path;
        m_log.push_back("video: " + shown + ": " + why + (m_still ? "" : " (skipped)"));
    }
    if (path == m_path) close();
}

VideoShown VideoStage::show(const VideoRequest& request) {
    m_asked = true;
    VideoShown failed;
    failed.failed = true;
    if (m_failed.count(request.path)) return failed;
    if (!m_surface || !m_files) {
        fail(request.path, "no bundle files to play it from");
        return failed;
    }
    const int width = std::max(1, int(std::lround(request.zone.w)));
    const int height = std::max(1, int(std::lround(request.zone.h)));
    // Layout-only passes (audits, measuring) neither decode nor start a player; the frame
    // that is shown does.
    if (!m_present) return VideoShown{};
    if (m_still) return show_still(request, width, height);

    if (request.path != m_path) {
        close();
        auto file = m_files->local_path(request.path);
        if (!file) {
            fail(request.path, file.error().message);
            return failed;
        }
        media::VideoOptions options;
        options.loop = request.loop;
        options.muted = request.muted;
        options.width = width;
        options.height = height;
        auto player = media::VideoPlayer::open(*file, options, m_wake);
        if (!player) {
            fail(request.path, player.error().message);
            return failed;
        }
        m_player = std::move(*player);
        m_path = request.path;
        m_opened_ms = m_now_ms;
    }
    m_player->set_output_size(width, height);
    const media::VideoState state = m_player->state();
    if (state == media::VideoState::Failed) {
        fail(request.path, m_player->failure());
        return failed;
    }
    if (m_serial == 0 && m_now_ms - m_opened_ms > kFirstFrameTimeoutMs) {
        fail(request.path, "no picture within 5 seconds (is it a video the kiosk plays?)");
        return failed;
    }
    m_player->take_frame(m_serial, [&](const media::FrameView& frame) {
        SDL_Texture* texture = m_surface->video_texture(frame.width, frame.height);
        if (!texture) return;
        SDL_UpdateTexture(texture, nullptr, frame.pixels, frame.stride);
        m_shown.texture = texture;
        m_shown.width = frame.width;
        m_shown.height = frame.height;
        m_shown.seconds = frame.seconds;
    });
    m_shown.failed = false;
    m_shown.ended = state == media::VideoState::Ended;
    m_shown.paused = m_player->paused();
    m_shown.muted = m_player->muted();
    m_shown.duration = m_player->duration_seconds();
    if (m_shown.texture) m_shown.seconds = m_player->position_seconds();
    return m_shown;
}

VideoShown VideoStage::show_still(const VideoRequest& request, int width, int height) {
    VideoShown failed;
    failed.failed = true;
    const std::string key = request.path + "@" + std::to_string(*m_still) + "@" +
                            std::to_string(width) + "x" + std::to_string(height);
    auto it = m_stills.find(key);
    if (it == m_stills.end()) {
        auto file = m_files->local_path(request.path);
        if (!file) {
            fail(request.path, file.error().message);
            return failed;
        }
        auto still = media::render_still_frame(*file, *m_still, width, height);
        if (!still) {
            fail(request.path, still.error().message);
            return failed;
        }
        if (m_stills.size() >= 16) m_stills.clear(); // previews walk many screens
        it = m_stills.emplace(key, std::move(*still)).first;
    }
    const media::StillFrame& still = it->second;
    SDL_Texture* texture = m_surface->video_texture(still.width, still.height);
    if (!texture) return failed;
    SDL_UpdateTexture(texture, nullptr, still.pixels.data(), still.width * 4);
    VideoShown shown;
    shown.texture = texture;
    shown.width = still.width;
    shown.height = still.height;
    shown.seconds = still.seconds;
    shown.duration = still.duration_seconds;
    shown.paused = true;
    shown.muted = request.muted;
    m_shown = shown;
    return shown;
}

const media::Captions* VideoStage::captions(const std::string& file) {
    if (!m_files || !m_files->contains(file)) return nullptr;
    auto it = m_captions.find(file);
    if (it == m_captions.end()) {
        std::optional<media::Captions> parsed;
        auto bytes = m_files->read(file, media::kMaxWebvttBytes);
        if (!bytes) {
            m_log.push_back("video: " + bytes.error().describe());
        } else if (auto read = media::parse_webvtt(*bytes, m_files->display_path(file)); !read) {
            m_log.push_back("video: " + read.error().describe());
        } else {
            parsed = std::move(*read);
        }
        if (m_captions.size() >= 64) m_captions.clear(); // a new bundle's files, say
        it = m_captions.emplace(file, std::move(parsed)).first;
    }
    return it->second ? &*it->second : nullptr;
}

std::string VideoStage::caption_locale(const std::string& video,
                                       const std::vector<std::string>& locales) {
    for (const std::string& locale : locales)
        if (captions(content::caption_file(video, locale))) return locale;
    return {};
}

const media::Cue* VideoStage::caption_at(const std::string& video, const std::string& locale,
                                         double seconds) {
    const media::Captions* found = captions(content::caption_file(video, locale));
    return found ? media::cue_at(*found, int64_t(std::llround(seconds * 1000))) : nullptr;
}

void VideoStage::set_paused(bool paused) {
    if (m_player) m_player->set_paused(paused);
    m_shown.paused = paused;
}

void VideoStage::restart() {
    if (m_player) m_player->restart();
    m_shown.paused = false;
    m_shown.ended = false;
}

void VideoStage::set_muted(bool muted) {
    if (m_player) m_player->set_muted(muted);
    m_shown.muted = muted;
}

} // namespace kiosk::app
