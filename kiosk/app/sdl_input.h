#pragma once
// SdlInput: SDL events to the kiosk's input, for `kiosk run`. Touch and mouse become one
// pointer with tap-versus-drag state; keys become keypad keys (NavKey). Separate from the
// run loop so that tests can feed it synthetic events.
//
// Not thread-safe: one instance, used on the thread that polls SDL events.

#include "kiosk/app/focus_navigation.h"
#include "kiosk/app/ui.h"

union SDL_Event;
struct SDL_KeyboardEvent;

namespace kiosk::app {

// A tap may wander this far (in pixels at 1080p, scaled by the shorter side of the
// surface) before it counts as a drag.
constexpr float kTapSlopAt1080p = 24.f;

// What one event asks of the run loop.
struct InputEffect {
    bool quit = false;           // SIGINT/SIGTERM (SDL_QUIT)
    bool activity = false;       // the visitor did something: restart the idle countdown
    bool window_changed = false; // refresh the surface size
    NavKey key = NavKey::None;   // a keypad key to press
    // Draw a frame before reading the next event, so that a press and its release that
    // arrive together are both seen, and no key is lost.
    bool frame_now = false;
};

// The EZ-Access-style keypad, from a keyboard: arrows, Tab/Shift+Tab, Enter or Space to
// select, Backspace for back, Home, and F1 or H for help. Escape does nothing on a kiosk.
NavKey nav_key(const SDL_KeyboardEvent& key);

class SdlInput {
  public:
    // Starts the pointer state of a new frame on a surface of width x height pixels (SDL
    // gives touch positions as fractions of the window).
    void begin_frame(int width, int height);
    InputEffect handle(const SDL_Event& event);
    const PointerInput& pointer() const { return m_pointer; }

  private:
    void press(float x, float y);
    void move(float x, float y);
    void release(float x, float y);

    PointerInput m_pointer;
    float m_width = 1920, m_height = 1080;
    float m_slop = kTapSlopAt1080p;
};

} // namespace kiosk::app
