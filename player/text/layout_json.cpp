#include "player/text/layout_json.h"

#include <nlohmann/json.hpp>

namespace kiosk::text {

std::string paragraph_to_json(const Paragraph& p, const FontSet& fonts) {
    using nlohmann::json;
    json lines = json::array();
    for (const LaidLine& line : p.lines) {
        json runs = json::array();
        for (uint32_t r = line.first_run; r < line.first_run + line.run_count; ++r) {
            const LaidRun& run = p.runs[r];
            json glyphs = json::array();
            for (uint32_t k = run.first_glyph; k < run.first_glyph + run.glyph_count; ++k) {
                const LaidGlyph& g = p.glyphs[k];
                glyphs.push_back({{"id", g.id},
                                  {"cluster", g.cluster - run.run.start},
                                  {"x", g.x},
                                  {"y", g.y},
                                  {"advance", g.advance}});
            }
            runs.push_back({{"text", p.text.substr(run.run.start, run.run.end - run.run.start)},
                            {"script", script_code(run.run.script)},
                            {"direction", run.run.direction() == Direction::Rtl ? "rtl" : "ltr"},
                            {"language", p.locale},
                            {"font",
                             {{"path", fonts.face_path(run.run.face).string()},
                              {"index", fonts.face_index(run.run.face)}}},
                            {"x", run.x},
                            {"width", run.width},
                            {"glyphs", std::move(glyphs)}});
        }
        lines.push_back({{"text", p.text.substr(line.start, line.end - line.start)},
                         {"width", line.width},
                         {"left", line.left},
                         {"baseline", line.baseline},
                         {"height", line.height},
                         {"runs", std::move(runs)}});
    }
    json missing = json::array();
    for (uint32_t cp : p.missing)
        missing.push_back(cp);
    json out = {{"lines", std::move(lines)},
                {"width", p.width},
                {"height", p.height},
                {"direction", p.direction == Direction::Rtl ? "rtl" : "ltr"},
                {"missing", std::move(missing)}};
    return out.dump();
}

} // namespace kiosk::text
