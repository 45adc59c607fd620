#include "kiosk/app/kiosk_app.h"

namespace kiosk::app {

Result<std::unique_ptr<KioskApp>> KioskApp::create(std::shared_ptr<const content::Bundle> bundle) {
    auto fonts = text::FontSet::load_default();
    if (!fonts) return fonts.error();
    auto strings = UiStrings::load_default();
    if (!strings) return strings.error();
    std::unique_ptr<KioskApp> app(new KioskApp(std::move(bundle), std::move(*fonts), std::move(*strings)));
    app->reset_session();
    return app;
}

KioskApp::KioskApp(std::shared_ptr<const content::Bundle> bundle, std::unique_ptr<text::FontSet> fonts,
                   UiStrings strings)
    : m_bundle(std::move(bundle)), m_fonts(std::move(fonts)), m_strings(std::move(strings)),
      m_atlas(*m_fonts, text::AtlasConfig{1024, 12}), m_cache(*m_fonts) {}

void KioskApp::reset_session() {
    m_session = screens::Session{};
    m_session.locale = m_bundle->default_locale;
    m_session.theme = m_bundle->theme;
}

bool KioskApp::frame(render::Surface& surface, render::TextRenderer& text, const PointerInput& input,
                     double now_ms) {
    const Theme* theme = find_theme(m_session.theme);
    if (!theme) theme = &default_theme();
    m_atlas.begin_frame();
    ImDrawList* list = surface.begin_frame();
    const ImVec2 size(float(surface.width()), float(surface.height()));
    Ui ui(list, text, m_cache, *theme, input, m_session.locale, size,
          screens::text_scale_for(m_session.text_size));
    screens::ScreenContext ctx{ui, m_session, *m_bundle, m_strings, now_ms, {}, false, false};
    const screens::Session before = m_session;
    screens::draw_screen(ctx);
    text.upload();
    surface.end_frame(theme->background);
    m_targets = ui.targets();
    m_text_boxes = ui.text_boxes();

    if (ctx.go_home) {
        m_session.history.clear();
        m_session.screen = "home";
        m_session.scroll = 0;
    } else if (ctx.go_back) {
        m_session.screen = m_session.history.empty() ? "home" : m_session.history.back();
        if (!m_session.history.empty()) m_session.history.pop_back();
        m_session.scroll = 0;
    } else if (!ctx.go_to.empty() && ctx.go_to != m_session.screen) {
        m_session.history.push_back(m_session.screen);
        m_session.screen = ctx.go_to;
        m_session.scroll = 0;
    }
    return m_session.screen != before.screen || m_session.locale != before.locale ||
           m_session.text_size != before.text_size || m_session.theme != before.theme ||
           m_session.scroll != before.scroll;
}

} // namespace kiosk::app
