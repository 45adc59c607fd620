// kiosk run: the kiosk itself. Full screen and borderless; it redraws only when something
// changed (input, the minute on the clock), so an idle terminal sleeps.

#include "kiosk/app/alert_service.h"
#include "kiosk/app/app_setup.h"
#include "kiosk/app/sdl_input.h"
#include "kiosk/app/synced_bundle.h"
#include "kiosk/app/terminal_config.h"
#include "kiosk/app/transit_service.h"
#include "kiosk/cli_args.h"
#include "kiosk/commands.h"

#include <SDL.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string_view>
#include <unistd.h>

namespace kiosk::cli {

namespace {

using app::TerminalConfig;

constexpr const char* kUsage =
    "kiosk run [--bundle DIR | --config FILE | --store DIR [--sync-url URL --pubkey K.pub]]\n"
    "          [--windowed] [--size WxH] [--lang TAG] [--text-size 1..4] [--theme NAME]\n"
    "          [--shot-on-no-display OUT.png] [--idle-seconds N] [--no-signage]\n"
    "          [--terminal-id ID] [--poll-seconds N] [--heartbeat-url URL] [--status-file F]\n"
    "          [--fallback-bundle DIR] [--ca FILE] [--proof-of-play FILE]\n"
    "  The kiosk itself, full screen (default bundle: content/demo-ward). --windowed opens\n"
    "  a normal window of --size for development. Stop it with SIGTERM.\n"
    "  Signage (the bundle's signage/) plays at start and whenever nobody uses the kiosk;\n"
    "  --no-signage keeps the home screen instead (a terminal at a counter).\n"
    "  --config: the terminal configuration (docs/DEPLOY.md); the options after it override\n"
    "  its values. With --store the kiosk shows the store's active version (repaired or, if\n"
    "  nothing verifies, the fallback bundle) and, with --sync-url, syncs on its own thread\n"
    "  every --poll-seconds (default 60).";

// The terminal configuration from --config and the options that override it.
Result<TerminalConfig> terminal_config(const Args& args) {
    TerminalConfig config;
    if (auto file = args.get("--config")) {
        auto read = app::read_terminal_config(*file);
        if (!read) return read.error();
        config = std::move(*read);
    }
    if (auto v = args.get("--store")) config.store = *v;
    if (auto v = args.get("--sync-url")) config.sync_url = *v;
    if (auto keys = args.get_all("--pubkey"); !keys.empty())
        config.public_keys.assign(keys.begin(), keys.end());
    if (auto v = args.get("--terminal-id")) config.terminal_id = *v;
    if (auto v = args.get("--heartbeat-url")) config.heartbeat_url = *v;
    if (auto v = args.get("--status-file")) config.status_file = *v;
    if (auto v = args.get("--proof-of-play")) config.proof_of_play_file = *v;
    if (auto v = args.get("--fallback-bundle")) config.fallback_bundle = *v;
    if (auto v = args.get("--ca")) config.ca_file = *v;
    if (auto keys = args.get_all("--alert-pubkey"); !keys.empty())
        config.alert_keys.assign(keys.begin(), keys.end());
    if (auto v = args.get("--alert-spool")) config.alert_spool = *v;
    if (auto v = args.get("--alert-feed")) config.alert_feed = *v;
    if (auto v = args.get("--alert-broker")) config.alert_broker = *v;
    if (auto v = args.get("--alert-topic")) config.alert_topic = *v;
    if (auto codes = args.get_all("--area-code"); !codes.empty()) config.area_codes = codes;
    if (args.has("--show-drills")) config.show_exercises = true;
    const bool network_alerts =
        !config.alert_spool.empty() || !config.alert_feed.empty() || !config.alert_broker.empty();
    if (network_alerts && config.alert_keys.empty())
        return make_error("alert sources need --alert-pubkey FILE: unsigned alerts are never "
                          "shown");
    if (!config.alert_broker.empty() && config.alert_topic.empty())
        return make_error("--alert-broker needs --alert-topic (the kiosk subscribes to topic/#)");
    if (auto v = args.get("--poll-seconds")) {
        char* end = nullptr;
        const long seconds = std::strtol(v->c_str(), &end, 10);
        if (v->empty() || *end || seconds < 1 || seconds > 86400)
            return make_error("--poll-seconds must be 1..86400");
        config.poll_seconds = int(seconds);
    }
    if (!config.sync_url.empty() && config.store.empty())
        return make_error("--sync-url needs --store DIR (where synced versions are kept)");
    if (!config.store.empty() && config.public_keys.empty())
        return make_error("a store needs --pubkey FILE (the city's public key): every version "
                          "is verified before it is shown");
    if (config.public_keys.size() > 2)
        return make_error("at most two public keys (the current key and the next)");
    if (config.terminal_id.empty()) {
        char host[256] = {};
        config.terminal_id = ::gethostname(host, sizeof host - 1) == 0 ? host : "kiosk";
    }
    if (config.fallback_bundle.empty()) config.fallback_bundle = app::default_bundle_dir();
    return config;
}

void log_line(const std::string& line) {
    std::fprintf(stderr, "kiosk run: %s\n", line.c_str());
}

// The next time the picture changes by itself: the clock's next minute, or an idle event.
Uint32 ms_until_next_change(double now_ms, double idle_event_ms) {
    double wait = 60000.0 - std::fmod(now_ms, 60000.0) + 5;
    if (idle_event_ms > 0) wait = std::min(wait, std::max(1.0, idle_event_ms - now_ms + 5));
    return Uint32(wait);
}

} // namespace

int run_main(const Argv& argv) {
    Args args(argv, {{"--bundle", true},
                     {"--config", true},
                     {"--store", true},
                     {"--sync-url", true},
                     {"--pubkey", true},
                     {"--terminal-id", true},
                     {"--poll-seconds", true},
                     {"--heartbeat-url", true},
                     {"--status-file", true},
                     {"--fallback-bundle", true},
                     {"--proof-of-play", true},
                     {"--no-signage", false},
                     {"--ca", true},
                     {"--alert-pubkey", true},
                     {"--alert-spool", true},
                     {"--alert-feed", true},
                     {"--alert-broker", true},
                     {"--alert-topic", true},
                     {"--area-code", true},
                     {"--show-drills", false},
                     {"--windowed", false},
                     {"--size", true},
                     {"--lang", true},
                     {"--text-size", true},
                     {"--theme", true},
                     {"--shot-on-no-display", true},
                     {"--idle-seconds", true}});
    if (args.wants_help()) {
        std::puts(kUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("run", args.error(), kUsage);
    const bool uses_store = args.get("--config") || args.get("--store") || args.get("--sync-url");
    const bool uses_config = uses_store || args.get("--alert-spool") || args.get("--alert-feed") ||
                             args.get("--alert-broker") || args.has("--show-drills") ||
                             args.get("--area-code") || args.get("--proof-of-play");
    if (uses_store && args.get("--bundle"))
        return usage_error("run", "give --bundle or a store (--config/--store), not both", kUsage);
    int width = 1920, height = 1080;
    if (auto size = args.get("--size"); size && !parse_size(*size, width, height))
        return usage_error("run", "--size must be WxH, e.g. 1280x720", kUsage);

    std::string bundle_dir = args.get_or("--bundle", app::default_bundle_dir().string());
    TerminalConfig config;
    std::vector<bundle::PublicKey> keys;
    if (uses_config) {
        auto read = terminal_config(args);
        if (!read) return failure("run", read.error().describe());
        config = std::move(*read);
        for (const auto& file : config.public_keys) {
            auto key = bundle::read_public_key(file);
            if (!key) return failure("run", key.error().describe());
            keys.push_back(*key);
        }
        if (uses_store)
            bundle_dir = config.store.empty()
                             ? config.fallback_bundle.string()
                             : app::choose_startup_bundle(config.store, keys,
                                                          config.fallback_bundle, log_line)
                                   .string();
    }

    auto app = app::open_app(bundle_dir);
    if (!app && uses_store && bundle_dir != config.fallback_bundle.string()) {
        log_line(app.error().describe() + "; showing " + config.fallback_bundle.string());
        app = app::open_app(config.fallback_bundle);
    }
    if (!app) return failure("run", app.error().describe());
    if (auto applied = app::apply_view_options(**app, args.get("--lang"), args.get("--text-size"),
                                               args.get("--theme"));
        !applied)
        return failure("run", applied.error().describe());

    // SIGINT/SIGTERM arrive as SDL_QUIT; closing the window (Alt+F4) must not quit a kiosk.
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0"); // we read touches ourselves
    // SDL falls back to its invisible "offscreen" driver when there is no display; unless
    // someone asked for it, that is no display at all.
    const bool asked_driver = std::getenv("SDL_VIDEODRIVER") != nullptr;
    const bool has_display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
    bool no_display = !asked_driver && !has_display;
    std::string why = no_display ? "neither DISPLAY nor WAYLAND_DISPLAY is set" : "";
    if (!no_display && SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        no_display = true;
        why = SDL_GetError();
    }
    if (!no_display && !asked_driver) {
        const char* driver = SDL_GetCurrentVideoDriver();
        if (driver &&
            (std::string_view(driver) == "offscreen" || std::string_view(driver) == "dummy")) {
            no_display = true;
            why = std::string("SDL found only its ") + driver +
                  " video driver: set DISPLAY or WAYLAND_DISPLAY";
            SDL_Quit();
        }
    }
    if (no_display) {
        std::fprintf(stderr, "kiosk run: no display available (%s)\n", why.c_str());
        if (auto shot = args.get("--shot-on-no-display")) {
            Argv shot_args{"--bundle", bundle_dir,
                           "--screen", "home",
                           "--size",   std::to_string(width) + "x" + std::to_string(height),
                           "-o",       *shot};
            int rc = shot_main(shot_args);
            if (rc == 0)
                std::fprintf(stderr, "kiosk run: rendered the home screen to %s instead\n",
                             shot->c_str());
            return rc;
        }
        return Exit::Failure;
    }
    // Alerts: the policy, then the bundle's own drills.
    alerts::AlertPolicy policy;
    policy.show_exercises = config.show_exercises;
    policy.area_codes = config.area_codes;
    (*app)->set_alert_policy(policy);
    for (const std::string& line : (*app)->apply_bundle_alerts(std::time(nullptr)))
        log_line("alert: " + line);
    if (auto idle = args.get("--idle-seconds")) {
        int seconds = std::atoi(idle->c_str());
        if (seconds < 1 || seconds > 86400)
            return usage_error("run", "--idle-seconds must be 1..86400", kUsage);
        (*app)->set_idle_seconds(seconds);
    }
    // Signage: the bundle's own transit data until a feed brings newer; proof of play.
    if (Status loaded = (*app)->load_bundled_transit(); !loaded)
        log_line("transit: " + loaded.error().describe());
    app::ProofOfPlay proof_of_play(config.proof_of_play_file);
    if (args.has("--no-signage")) (*app)->set_signage_enabled(false);
    const bool windowed = args.has("--windowed");
    auto surface = render::Surface::window({width, height, !windowed, "kiosk"});
    if (!surface) {
        SDL_Quit();
        return failure("run", surface.error().describe());
    }
    SDL_ShowCursor(windowed ? SDL_ENABLE : SDL_DISABLE);
    // Which SDL renderer draws decides what a film costs (docs/VIDEO.md): said once.
    if (SDL_RendererInfo info{}; SDL_GetRendererInfo((*surface)->renderer(), &info) == 0)
        log_line(std::string("display: SDL renderer ") + info.name +
                 ((info.flags & SDL_RENDERER_SOFTWARE) ? " (software)" : ""));
    // The sync thread wakes the idle UI with this event when a new version is ready.
    const Uint32 sync_event = SDL_RegisterEvents(1);
    // A video's render thread wakes the loop for each new frame (and the loop sleeps while
    // no video plays). Its own event type: a wake that brings only a film's next frame may
    // be served without drawing a whole frame (KioskApp::present_video_frame).
    const Uint32 video_event = SDL_RegisterEvents(1);
    (*app)->video().set_wake([video_event] {
        SDL_Event event{};
        event.type = video_event;
        SDL_PushEvent(&event);
    });
    std::unique_ptr<app::SyncedBundle> synced;
    if (!config.sync_url.empty()) {
        sync::SyncSettings settings;
        settings.sync.url = config.sync_url;
        settings.sync.store = config.store;
        settings.sync.keys = keys;
        settings.sync.http.ca_file = config.ca_file.string();
        settings.sync.http.stall_timeout_s = config.stall_seconds;
        settings.sync.keep_versions = size_t(config.keep_versions);
        settings.poll_s = config.poll_seconds;
        settings.terminal_id = config.terminal_id;
        settings.heartbeat_url = config.heartbeat_url;
        settings.status_file = config.status_file;
        settings.played = [&proof_of_play] { return proof_of_play.summary(); };
        auto wake = [sync_event] {
            SDL_Event event{};
            event.type = sync_event;
            SDL_PushEvent(&event); // thread-safe
        };
        synced = std::make_unique<app::SyncedBundle>(std::move(settings), wake, log_line);
        synced->start();
    }
    std::unique_ptr<app::AlertService> alert_service;
    if (!config.alert_spool.empty() || !config.alert_feed.empty() || !config.alert_broker.empty()) {
        app::AlertSources sources;
        for (const auto& file : config.alert_keys) {
            auto key = bundle::read_public_key(file);
            if (!key) {
                SDL_Quit();
                return failure("run", key.error().describe());
            }
            sources.keys.push_back(*key);
        }
        sources.spool_dir = config.alert_spool;
        sources.feed_url = config.alert_feed;
        sources.feed_poll_seconds = config.alert_feed_poll_seconds;
        sources.broker_url = config.alert_broker;
        sources.topic = config.alert_topic;
        sources.client_id = "kiosk-" + config.terminal_id;
        sources.ca_file = config.ca_file.string();
        auto login = alerts::read_mqtt_login(config.broker_username, config.broker_password_file);
        if (!login) {
            SDL_Quit();
            return failure("run", login.error().describe());
        }
        sources.broker_login = std::move(*login);
        auto wake = [sync_event] {
            SDL_Event event{};
            event.type = sync_event;
            SDL_PushEvent(&event);
        };
        alert_service = std::make_unique<app::AlertService>(std::move(sources), wake, log_line);
        alert_service->start();
    }
    // The live transit feed of the bundle's signage, when it names one.
    std::unique_ptr<app::TransitService> transit_feed;
    if (const auto& settings = (*app)->bundle().signage.transit; !settings.feed_url.empty()) {
        auto names = (*app)->transit_names();
        if (!names) {
            log_line("transit: " + names.error().describe());
        } else {
            auto wake = [sync_event] {
                SDL_Event event{};
                event.type = sync_event;
                SDL_PushEvent(&event);
            };
            transit_feed = std::make_unique<app::TransitService>(
                app::TransitFeedSettings{settings.feed_url, settings.poll_seconds,
                                         config.ca_file.string()},
                std::move(*names), wake, log_line);
            transit_feed->start();
        }
    }
    {
        render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
        app::SdlInput input;
        int frames_due = 1;
        // No input yet: a bundle with signage starts playing it at once.
        double now = app::resolve_clock(std::nullopt, (*app)->bundle()).value();
        bool quit = false;
        while (!quit) {
            SDL_Event event;
            // Sleep until something happens or the clock needs its next minute.
            Uint32 timeout =
                frames_due > 0 ? 0 : ms_until_next_change(now, (*app)->next_idle_event_ms(now));
            bool got =
                timeout == 0 ? SDL_PollEvent(&event) : SDL_WaitEventTimeout(&event, int(timeout));
            input.begin_frame((*surface)->width(), (*surface)->height());
            // Every event and delivery below counts in frames_due: when all of this round's
            // are video frames, a film's next frame may be copied in without drawing the rest.
            const int due_before = frames_due;
            int video_wakes = 0;
            while (got) {
                if (event.type == video_event) ++video_wakes;
                app::InputEffect effect = input.handle(event);
                if (effect.quit) quit = true;
                if (effect.window_changed) (*surface)->refresh_size();
                if (effect.key != app::NavKey::None) (*app)->press_key(effect.key);
                if (effect.activity)
                    (*app)->note_input(app::resolve_clock(std::nullopt, (*app)->bundle()).value());
                ++frames_due;
                if (quit || effect.frame_now) break;
                got = SDL_PollEvent(&event);
            }
            if (quit) break;
            if (alert_service)
                for (auto& alert : alert_service->take()) {
                    log_line("alert: " + (*app)->alerts().apply(alert, std::time(nullptr)).message);
                    ++frames_due;
                }
            if (transit_feed)
                if (auto board = transit_feed->take()) {
                    (*app)->set_transit(std::move(*board));
                    ++frames_due;
                }
            if (synced)
                if (auto delivery = synced->take()) {
                    // Its drills are in force from now; the pages follow at the home screen.
                    for (const std::string& line : (*app)->apply_bundle_alerts(
                             *delivery->bundle, delivery->files, std::time(nullptr)))
                        log_line("alert: " + line);
                    (*app)->offer_bundle(std::move(delivery->bundle), std::move(delivery->files),
                                         delivery->release.version, delivery->release.expires_unix);
                    ++frames_due;
                }
            now = app::resolve_clock(std::nullopt, (*app)->bundle()).value();
            if (due_before == 0 && video_wakes > 0 && frames_due == video_wakes &&
                (*app)->present_video_frame(**surface, now)) {
                frames_due = 0;
                continue;
            }
            if (frames_due == 0) frames_due = 1; // the minute turned
            if ((*app)->frame(**surface, text, input.pointer(), now))
                frames_due = 2;
            else
                frames_due = std::max(0, frames_due - 1);
            for (const std::string& line : (*app)->video().take_log())
                log_line(line);
            for (const app::PlayRecord& played : (*app)->take_played())
                if (Status logged = proof_of_play.record(played); !logged)
                    log_line("proof of play: " + logged.error().describe());
            if (frames_due > 2) frames_due = 1;
        }
    }
    if (synced) synced->stop();
    if (alert_service) alert_service->stop();
    if (transit_feed) transit_feed->stop();
    (*app)->video().shutdown(); // before the audio device and SDL go
    (*app)->shutdown_audio();
    surface->reset();
    SDL_Quit();
    return Exit::Success;
}

} // namespace kiosk::cli
