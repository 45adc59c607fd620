#include "player/text/font_set.h"

#include "player/core/paths.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <mutex>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiosk::text {

struct FontSet::Library {
    FT_Library ft = nullptr;
    std::mutex opening; // FreeType wants FT_New_Face serialised per library
    ~Library() {
        if (ft) FT_Done_FreeType(ft);
    }
};

// One mapping per font file, shared by every face in it (the four CJK faces of a .ttc)
// and by HarfBuzz and FreeType, so a page of the file is in memory once.
struct FontSet::File {
    std::filesystem::path path;
    std::once_flag once;
    hb_blob_t* blob = nullptr;

    ~File() {
        if (blob) hb_blob_destroy(blob);
    }
};

namespace {

struct Mapping {
    void* data;
    size_t size;
};

// Maps the file for random access: the kernel then maps in only the pages that shaping
// and rasterizing touch (cmap, a few lookups, some outlines), not 64 KiB around each,
// which is megabytes of RSS on a 20 MB CJK collection.
hb_blob_t* map_font(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || st.st_size <= 0) {
        if (fd >= 0) ::close(fd);
        return nullptr;
    }
    const size_t size = size_t(st.st_size);
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (data == MAP_FAILED) return nullptr;
    ::madvise(data, size, MADV_RANDOM);
    return hb_blob_create(static_cast<const char*>(data), unsigned(size), HB_MEMORY_MODE_READONLY,
                          new Mapping{data, size}, [](void* user) {
                              auto* mapping = static_cast<Mapping*>(user);
                              ::munmap(mapping->data, mapping->size);
                              delete mapping;
                          });
}

} // namespace

// A face opens on first use, HarfBuzz side (coverage, metrics, shaping) apart from the
// FreeType side (rasterizing): a Nepali page never maps the CJK collections, and
// `kiosk text --json` never starts FreeType's parser.
struct FontSet::Face {
    std::string name;
    std::filesystem::path path;
    FontSet::File* file = nullptr;
    int index = 0;
    Weight weight = Weight::Regular;
    mutable std::once_flag hb_once, ft_once;
    mutable FT_Face ft = nullptr;
    mutable hb_font_t* hb = nullptr;
    mutable int upem = 1000;
    mutable FaceMetrics metrics;

    ~Face() {
        if (hb) hb_font_destroy(hb);
        if (ft) FT_Done_Face(ft);
    }
};

FontSet::FontSet() = default;
FontSet::~FontSet() {
    m_faces.clear(); // faces before the files they read and the FreeType library
    m_files.clear();
    m_chains.clear();
}

namespace {

std::filesystem::path find_font_file(const std::vector<std::filesystem::path>& dirs,
                                     const std::string& file) {
    std::filesystem::path direct(file);
    if (direct.is_absolute()) return direct;
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (std::filesystem::exists(dir / file, ec)) return dir / file;
    }
    return {};
}

} // namespace

Result<std::unique_ptr<FontSet>> FontSet::load(const std::filesystem::path& toml_file) {
    const std::string where = toml_file.string();
    toml::table doc;
    try {
        doc = toml::parse_file(where);
    } catch (const toml::parse_error& e) {
        return make_error(where, int(e.source().begin.line), std::string(e.description()));
    }

    std::unique_ptr<FontSet> set(new FontSet());
    set->m_library = std::make_unique<Library>();
    if (FT_Init_FreeType(&set->m_library->ft) != 0)
        return make_error(where, 0, "FreeType failed to initialise");

    std::vector<std::filesystem::path> dirs;
    if (auto* arr = doc["dirs"].as_array()) {
        for (auto& node : *arr)
            if (auto s = node.value<std::string>()) dirs.emplace_back(*s);
    }
    dirs.push_back(toml_file.parent_path());

    // name -> FaceId per weight
    std::map<std::string, FaceId, std::less<>> ids[2];
    auto* faces = doc["face"].as_table();
    if (!faces || faces->empty()) return make_error(where, 1, "no [face.NAME] tables");

    for (auto& [key, node] : *faces) {
        auto* t = node.as_table();
        const int line = int(node.source().begin.line);
        if (!t)
            return make_error(where, line, "face." + std::string(key.str()) + " must be a table");
        const std::string package = (*t)["package"].value_or(std::string("a fonts-noto-* package"));
        const int index = int((*t)["index"].value_or(int64_t(0)));
        for (int w = 0; w < 2; ++w) {
            auto file = (*t)[w == 0 ? "file" : "bold"].value<std::string>();
            if (!file) {
                if (w == 0)
                    return make_error(where, line,
                                      "face." + std::string(key.str()) + " has no file");
                file = (*t)["file"].value<std::string>(); // no bold: draw bold with regular
            }
            auto path = find_font_file(dirs, *file);
            if (path.empty())
                return make_error(where, line,
                                  "font file " + *file + " not found (install the Debian package " +
                                      package + ": apt-get install " + package + ")");
            std::error_code ec;
            if (!std::filesystem::is_regular_file(path, ec))
                return make_error(where, line, "font " + path.string() + " is not a regular file");
            auto face = std::make_unique<Face>();
            face->name = std::string(key.str());
            face->path = path;
            auto& shared = set->m_files[path.string()];
            if (!shared) {
                shared = std::make_unique<File>();
                shared->path = path;
            }
            face->file = shared.get();
            face->index = index;
            face->weight = Weight(w);
            ids[w][face->name] = FaceId(set->m_faces.size());
            set->m_faces.push_back(std::move(face));
        }
    }

    auto* chains = doc["chain"].as_table();
    if (!chains || !chains->contains("default"))
        return make_error(where, 1, "[chain] needs a `default` list");
    set->m_chains.push_back({"default", {}});
    for (auto& [key, node] : *chains) {
        auto* arr = node.as_array();
        const int line = int(node.source().begin.line);
        if (!arr)
            return make_error(where, line, "chain." + std::string(key.str()) + " must be a list");
        Chain chain{std::string(key.str()), {}};
        for (auto& item : *arr) {
            auto name = item.value<std::string>();
            if (!name || !ids[0].count(*name))
                return make_error(where, line,
                                  "chain." + chain.locale + " names an unknown face " +
                                      name.value_or("?"));
            for (int w = 0; w < 2; ++w)
                chain.faces[w].push_back(ids[w].find(*name)->second);
        }
        if (chain.locale == "default")
            set->m_chains[0] = std::move(chain);
        else
            set->m_chains.push_back(std::move(chain));
    }
    return set;
}

Result<std::unique_ptr<FontSet>> FontSet::load_default() {
    return load(data_root() / "fonts" / "fontset.toml");
}

std::span<const FaceId> FontSet::chain(std::string_view locale, Weight weight) const {
    std::string tag(locale);
    while (!tag.empty()) {
        for (const auto& c : m_chains)
            if (c.locale == tag) return c.faces[int(weight)];
        auto dash = tag.rfind('-');
        if (dash == std::string::npos) break;
        tag.resize(dash);
    }
    return m_chains[0].faces[int(weight)];
}

hb_blob_t* FontSet::blob_of(File& file) const {
    std::call_once(file.once, [&file] {
        file.blob = map_font(file.path);
        if (!file.blob) file.blob = hb_blob_create_from_file_or_fail(file.path.c_str());
        // A file that cannot be read (or is no font) becomes an empty face: it covers
        // nothing, so its characters are reported missing by the layout and by `check`.
        if (!file.blob) file.blob = hb_blob_get_empty();
    });
    return file.blob;
}

const FontSet::Face& FontSet::opened(FaceId id) const {
    const Face& face = *m_faces[id];
    std::call_once(face.hb_once, [this, &face] {
        hb_face_t* hbface = hb_face_create(blob_of(*face.file), unsigned(face.index));
        face.hb = hb_font_create(hbface);
        face.upem = std::max(1, int(hb_face_get_upem(hbface)));
        hb_face_destroy(hbface);
        hb_font_extents_t extents{};
        hb_font_get_h_extents(face.hb, &extents);
        face.metrics.ascender = float(extents.ascender) / float(face.upem);
        face.metrics.descender = float(-extents.descender) / float(face.upem);
    });
    return face;
}

bool FontSet::covers(FaceId face, char32_t cp) const {
    hb_codepoint_t glyph = 0;
    return hb_font_get_nominal_glyph(opened(face).hb, cp, &glyph) && glyph != 0;
}

FaceId FontSet::face_for(std::span<const FaceId> chain, char32_t cp) const {
    for (FaceId f : chain)
        if (covers(f, cp)) return f;
    return kNoFace;
}

const std::string& FontSet::face_name(FaceId face) const {
    return m_faces[face]->name;
}
const std::filesystem::path& FontSet::face_path(FaceId face) const {
    return m_faces[face]->path;
}
int FontSet::face_index(FaceId face) const {
    return m_faces[face]->index;
}
Weight FontSet::face_weight(FaceId face) const {
    return m_faces[face]->weight;
}
const FaceMetrics& FontSet::metrics(FaceId face) const {
    return opened(face).metrics;
}
int FontSet::units_per_em(FaceId face) const {
    return opened(face).upem;
}
hb_font_t* FontSet::hb_font(FaceId face) const {
    return opened(face).hb;
}
FT_FaceRec_* FontSet::ft_face(FaceId id) const {
    const Face& face = *m_faces[id];
    std::call_once(face.ft_once, [&] {
        unsigned size = 0;
        const char* data = hb_blob_get_data(blob_of(*face.file), &size);
        std::lock_guard lock(m_library->opening);
        if (size == 0 || FT_New_Memory_Face(m_library->ft, reinterpret_cast<const FT_Byte*>(data),
                                            FT_Long(size), face.index, &face.ft) != 0)
            face.ft = nullptr; // nothing to rasterize: the atlas draws nothing for it
    });
    return face.ft;
}

} // namespace kiosk::text
