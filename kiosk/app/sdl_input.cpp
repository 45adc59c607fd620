#include "kiosk/app/sdl_input.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace kiosk::app {

NavKey nav_key(const SDL_KeyboardEvent& key) {
    switch (key.keysym.sym) {
    case SDLK_TAB:
        return (key.keysym.mod & KMOD_SHIFT) ? NavKey::Previous : NavKey::Next;
    case SDLK_UP:
        return NavKey::Up;
    case SDLK_DOWN:
        return NavKey::Down;
    case SDLK_LEFT:
        return NavKey::Left;
    case SDLK_RIGHT:
        return NavKey::Right;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        return NavKey::Select;
    case SDLK_BACKSPACE:
        return NavKey::Back;
    case SDLK_HOME:
        return NavKey::Home;
    case SDLK_F1:
    case SDLK_h:
        return NavKey::Help;
    default:
        return NavKey::None;
    }
}

void SdlInput::begin_frame(int width, int height) {
    m_pointer.pressed = m_pointer.released = false;
    m_pointer.drag_dy = 0;
    m_width = float(width);
    m_height = float(height);
    m_slop = kTapSlopAt1080p * float(std::min(width, height)) / 1080.f;
}

void SdlInput::press(float x, float y) {
    m_pointer.pos = m_pointer.press_pos = ImVec2(x, y);
    m_pointer.down = m_pointer.pressed = true;
    m_pointer.dragged = false;
}

void SdlInput::move(float x, float y) {
    if (m_pointer.down) {
        m_pointer.drag_dy += y - m_pointer.pos.y;
        if (std::hypot(x - m_pointer.press_pos.x, y - m_pointer.press_pos.y) > m_slop)
            m_pointer.dragged = true;
    }
    m_pointer.pos = ImVec2(x, y);
}

void SdlInput::release(float x, float y) {
    m_pointer.pos = ImVec2(x, y);
    m_pointer.down = false;
    m_pointer.released = true;
}

InputEffect SdlInput::handle(const SDL_Event& event) {
    InputEffect effect;
    switch (event.type) {
    case SDL_QUIT:
        effect.quit = true;
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (event.button.button == SDL_BUTTON_LEFT)
            press(float(event.button.x), float(event.button.y));
        effect.activity = true;
        break;
    case SDL_MOUSEBUTTONUP:
        if (event.button.button == SDL_BUTTON_LEFT)
            release(float(event.button.x), float(event.button.y));
        effect.activity = true;
        break;
    case SDL_MOUSEMOTION:
        move(float(event.motion.x), float(event.motion.y));
        effect.activity = m_pointer.down; // a mouse resting over the screen is nobody
        break;
    case SDL_FINGERDOWN:
        press(event.tfinger.x * m_width, event.tfinger.y * m_height);
        effect.activity = true;
        break;
    case SDL_FINGERMOTION:
        move(event.tfinger.x * m_width, event.tfinger.y * m_height);
        effect.activity = m_pointer.down;
        break;
    case SDL_FINGERUP:
        release(event.tfinger.x * m_width, event.tfinger.y * m_height);
        effect.activity = true;
        break;
    case SDL_KEYDOWN:
        effect.key = nav_key(event.key);
        effect.activity = true;
        break;
    case SDL_WINDOWEVENT:
        effect.window_changed = true;
        break;
    default:
        break;
    }
    effect.frame_now = m_pointer.pressed || m_pointer.released || event.type == SDL_KEYDOWN;
    return effect;
}

} // namespace kiosk::app
