#pragma once
// FontSet: the faces the kiosk may draw with, and per locale the order to try them in
// (fonts/fontset.toml). HarfBuzz and FreeType handles stay inside; callers see FaceIds.

#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct hb_blob_t;
struct hb_font_t;
struct FT_FaceRec_;

namespace kiosk::text {

enum class Weight : uint8_t { Regular = 0, Bold = 1 };

using FaceId = uint16_t;
constexpr FaceId kNoFace = 0xffff;

struct FaceMetrics {
    float ascender = 0;  // in em units (fraction of the pixel size), positive up
    float descender = 0; // in em units, positive down
};

class FontSet {
  public:
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    // Loads a font set description. A missing font file is an error that names the file
    // and the Debian package that ships it. Faces are opened when first used.
    static Result<std::unique_ptr<FontSet>> load(const std::filesystem::path& toml_file);
    // fonts/fontset.toml under the kiosk's data root.
    static Result<std::unique_ptr<FontSet>> load_default();

    // The fallback chain for a locale ("ja-x-easy" tries "ja-x-easy", "ja-x", "ja", then
    // "default"). Faces of the requested weight.
    std::span<const FaceId> chain(std::string_view locale, Weight weight) const;

    // First face of `chain` that has a glyph for `cp`, or kNoFace.
    FaceId face_for(std::span<const FaceId> chain, char32_t cp) const;
    bool covers(FaceId face, char32_t cp) const;

    size_t face_count() const { return m_faces.size(); }
    const std::string& face_name(FaceId face) const;
    const std::filesystem::path& face_path(FaceId face) const;
    int face_index(FaceId face) const;
    Weight face_weight(FaceId face) const;
    const FaceMetrics& metrics(FaceId face) const;
    int units_per_em(FaceId face) const;

    // Borrowed handles for the shaper and rasterizer inside player/text only, opened on
    // first use (thread-safe). ft_face is null when FreeType cannot open the file.
    hb_font_t* hb_font(FaceId face) const;
    FT_FaceRec_* ft_face(FaceId face) const;

  private:
    FontSet();
    struct Face;
    struct Chain {
        std::string locale;
        std::vector<FaceId> faces[2]; // by Weight
    };
    struct Library;
    struct File;
    const Face& opened(FaceId face) const; // with its HarfBuzz side open
    hb_blob_t* blob_of(File& file) const;  // mapped on first use

    std::unique_ptr<Library> m_library;
    std::map<std::string, std::unique_ptr<File>> m_files; // by path; faces point in
    std::vector<std::unique_ptr<Face>> m_faces;
    std::vector<Chain> m_chains; // m_chains[0] is "default"
};

} // namespace kiosk::text
