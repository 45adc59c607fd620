#include "player/bundle/manifest.h"

#include "player/bundle/file_io.h"
#include "player/bundle/relative_path.h"
#include "player/bundle/sha256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <iterator>
#include <map>
#include <optional>
#include <set>

namespace kiosk::bundle {

namespace {

using json = nlohmann::json;

// 9999-12-31T23:59:59Z: four-digit years keep the time format one fixed width.
constexpr int64_t kLastUtcSecond = 253402300799;

// nlohmann's DOM forgets where values came from, but staff (and the sync log) need a line
// number. So a first SAX pass reads the text through this iterator, which remembers how
// far the lexer has read; every SAX event then knows its byte position.
class CountingIterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator() = default;
    CountingIterator(const char* position, const char** furthest)
        : m_position(position), m_furthest(furthest) {}

    reference operator*() const { return *m_position; }
    CountingIterator& operator++() {
        ++m_position;
        if (m_furthest && m_position > *m_furthest) *m_furthest = m_position;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& other) const { return m_position == other.m_position; }

  private:
    const char* m_position = nullptr;
    const char** m_furthest = nullptr;
};

// The 1-based line of the last token read before byte `position`. The lexer may have read
// one character past a number, so trailing whitespace (a newline) is skipped backwards.
int line_before(std::string_view text, size_t position) {
    size_t end = std::min(position, text.size());
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r' ||
                       text[end - 1] == '\t'))
        --end;
    if (end > 0) --end; // the token's own last character
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + end, '\n'));
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." ->
// "syntax error ...": we print our own file and line in front.
std::string short_parse_message(const std::string& what) {
    auto at = what.find("parse error");
    if (at == std::string::npos && what.rfind("[json.exception.", 0) == 0) {
        auto close = what.find("] ");
        if (close != std::string::npos) return what.substr(close + 2);
    }
    if (at != std::string::npos) {
        auto colon = what.find(": ", at);
        if (colon != std::string::npos) return what.substr(colon + 2);
    }
    return what;
}

struct Failure {
    int line = 0;
    std::string message;
};

// SAX handler that records the line of every key and array element by JSON pointer
// ("/files/2/sha256"), and rejects duplicate keys (the DOM would silently keep the last).
class LineRecorder {
  public:
    LineRecorder(std::string_view text, const char* const* furthest)
        : m_text(text), m_furthest(furthest) {}

    std::map<std::string, int> lines;
    std::optional<Failure> failure;

    bool null() { return scalar(); }
    bool boolean(bool) { return scalar(); }
    bool number_integer(json::number_integer_t) { return scalar(); }
    bool number_unsigned(json::number_unsigned_t) { return scalar(); }
    bool number_float(json::number_float_t, const json::string_t&) { return scalar(); }
    bool string(json::string_t&) { return scalar(); }
    bool binary(json::binary_t&) { return scalar(); }

    bool start_object(std::size_t) {
        value_starts();
        m_stack.push_back(Frame{false, 0, {}, {}});
        return true;
    }
    bool end_object() {
        m_stack.pop_back();
        value_ends();
        return true;
    }
    bool start_array(std::size_t) {
        value_starts();
        m_stack.push_back(Frame{true, 0, {}, {}});
        return true;
    }
    bool end_array() {
        m_stack.pop_back();
        value_ends();
        return true;
    }
    bool key(json::string_t& name) {
        Frame& frame = m_stack.back();
        if (!frame.seen_keys.insert(name).second) {
            failure = Failure{current_line(), "duplicate key \"" + name + "\""};
            return false;
        }
        frame.key = name;
        lines[pointer()] = current_line();
        return true;
    }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& error) {
        failure = Failure{line_before(m_text, position), short_parse_message(error.what())};
        return false;
    }

  private:
    struct Frame {
        bool is_array;
        size_t index;
        std::string key;
        std::set<std::string> seen_keys;
    };

    int current_line() const {
        return line_before(m_text, static_cast<size_t>(*m_furthest - m_text.data()));
    }
    std::string pointer() const {
        std::string result;
        for (const Frame& frame : m_stack)
            result += "/" + (frame.is_array ? std::to_string(frame.index) : frame.key);
        return result;
    }
    bool scalar() {
        value_starts();
        value_ends();
        return true;
    }
    void value_starts() {
        if (!m_stack.empty() && m_stack.back().is_array) lines[pointer()] = current_line();
    }
    void value_ends() {
        if (!m_stack.empty() && m_stack.back().is_array) ++m_stack.back().index;
    }

    std::string_view m_text;
    const char* const* m_furthest;
    std::vector<Frame> m_stack;
};

// nlohmann's parsers recurse once per nesting level (and the line recorder keeps a path
// per level), so hostile nesting costs stack and quadratic time. One linear pass over the
// text refuses it first: the line of the first bracket too deep, or 0 when all is well.
int too_deep_line(std::string_view text) {
    int depth = 0;
    int line = 1;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (in_string) {
            if (c == '\\')
                ++i; // the escaped character cannot end the string
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxManifestNesting) return line;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return 0;
}

// Builds errors for one manifest text: "NAME:LINE: message".
class ManifestReader {
  public:
    ManifestReader(std::string_view display_name, const std::map<std::string, int>& lines)
        : m_name(display_name), m_lines(lines) {}

    Error error_at(const std::string& pointer, std::string message) const {
        auto it = m_lines.find(pointer);
        return make_error(m_name, it == m_lines.end() ? 0 : it->second, std::move(message));
    }

    Result<Manifest> read(const json& root) const {
        if (!root.is_object()) return make_error(m_name, 1, "expected a JSON object");
        for (const auto& [key, value] : root.items())
            if (key != "bundle_id" && key != "files" && key != "format" && key != "version" &&
                key != "sequence" && key != "expires")
                return error_at("/" + key, "unknown key \"" + key + "\"");
        if (!root.contains("format")) return make_error(m_name, 0, "missing \"format\"");
        const json& format = root["format"];
        const bool known = format.is_number_integer() &&
                           (format.get<int64_t>() == 1 || format.get<int64_t>() == kManifestFormat);
        if (!known)
            return error_at("/format", "format " + format.dump() +
                                           " is not supported (this kiosk reads formats 1 and " +
                                           std::to_string(kManifestFormat) + ")");
        const bool has_stamp = format.get<int64_t>() >= 2;
        for (const char* key : {"sequence", "expires"})
            if (!has_stamp && root.contains(key))
                return error_at(std::string("/") + key, std::string("\"") + key +
                                                            "\" needs format " +
                                                            std::to_string(kManifestFormat));
        for (const char* key : {"bundle_id", "version", "files", "sequence", "expires"}) {
            if (!has_stamp &&
                (std::string_view(key) == "sequence" || std::string_view(key) == "expires"))
                continue;
            if (!root.contains(key))
                return make_error(m_name, 0, std::string("missing \"") + key + "\"");
        }

        Manifest manifest;
        if (!root["bundle_id"].is_string())
            return error_at("/bundle_id", "bundle_id must be a string");
        manifest.bundle_id = root["bundle_id"].get<std::string>();
        if (!is_valid_bundle_id(manifest.bundle_id))
            return error_at("/bundle_id",
                            "bundle_id \"" + manifest.bundle_id + "\" may use only a-z, 0-9 and -");
        if (!root["version"].is_string()) return error_at("/version", "version must be a string");
        manifest.version = root["version"].get<std::string>();
        if (auto problem = version_problem(manifest.version); !problem.empty())
            return error_at("/version", problem);
        if (has_stamp) {
            const json& sequence = root["sequence"];
            if (!sequence.is_number_unsigned() || sequence.get<uint64_t>() < 1 ||
                sequence.get<uint64_t>() > kMaxSequence)
                return error_at("/sequence", "sequence must be a whole number from 1 to " +
                                                 std::to_string(kMaxSequence));
            manifest.sequence = sequence.get<uint64_t>();
            const json& expires = root["expires"];
            if (!expires.is_string() ||
                !parse_utc_time(expires.get<std::string>(), manifest.expires_unix))
                return error_at("/expires",
                                "expires must be a UTC time like \"2027-01-01T00:00:00Z\"");
        }

        const json& files = root["files"];
        if (!files.is_array()) return error_at("/files", "files must be an array");
        if (files.size() > kMaxManifestFiles)
            return error_at("/files", "lists " + std::to_string(files.size()) +
                                          " files, more than the limit of " +
                                          std::to_string(kMaxManifestFiles));
        std::set<std::string> seen;
        for (size_t i = 0; i < files.size(); ++i) {
            auto entry = read_entry(files[i], "/files/" + std::to_string(i),
                                    "files[" + std::to_string(i) + "]");
            if (!entry) return entry.error();
            if (!seen.insert(entry->path).second)
                return error_at("/files/" + std::to_string(i),
                                "duplicate path \"" + entry->path + "\"");
            manifest.files.push_back(std::move(entry.value()));
        }
        std::sort(manifest.files.begin(), manifest.files.end(),
                  [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
        return manifest;
    }

  private:
    Result<FileEntry> read_entry(const json& value, const std::string& pointer,
                                 const std::string& label) const {
        if (!value.is_object()) return error_at(pointer, label + ": expected an object");
        for (const auto& [key, ignored] : value.items())
            if (key != "path" && key != "sha256" && key != "size")
                return error_at(pointer + "/" + key, label + ": unknown key \"" + key + "\"");
        FileEntry entry;
        if (!value.contains("path") || !value["path"].is_string())
            return error_at(pointer, label + ": path must be a string");
        entry.path = value["path"].get<std::string>();
        if (auto problem = relative_path_problem(entry.path); !problem.empty())
            return error_at(pointer + "/path", label + ": \"" + entry.path + "\": " + problem);
        if (!value.contains("sha256") || !value["sha256"].is_string())
            return error_at(pointer, label + ": sha256 must be a string");
        entry.sha256 = value["sha256"].get<std::string>();
        if (!is_sha256_hex(entry.sha256))
            return error_at(pointer + "/sha256",
                            label + ".sha256: expected 64 lowercase hex digits");
        if (!value.contains("size") || !value["size"].is_number_unsigned())
            return error_at(value.contains("size") ? pointer + "/size" : pointer,
                            label + ".size: expected a whole number of bytes");
        entry.size = value["size"].get<uint64_t>();
        return entry;
    }

    std::string m_name;
    const std::map<std::string, int>& m_lines;
};

} // namespace

std::string format_utc_time(int64_t unix_seconds) {
    if (unix_seconds < 0) unix_seconds = 0;
    if (unix_seconds > kLastUtcSecond) unix_seconds = kLastUtcSecond;
    const time_t t = static_cast<time_t>(unix_seconds);
    struct tm parts {};
    gmtime_r(&t, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

bool parse_utc_time(std::string_view text, int64_t& unix_seconds) {
    // Exactly "YYYY-MM-DDTHH:MM:SSZ": 20 characters, digits where digits belong.
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != shape.size()) return false;
    for (size_t i = 0; i < shape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return false;
    }
    auto number = [&](size_t at, size_t n) {
        int value = 0;
        for (size_t i = at; i < at + n; ++i)
            value = value * 10 + (text[i] - '0');
        return value;
    };
    struct tm parts {};
    parts.tm_year = number(0, 4) - 1900;
    parts.tm_mon = number(5, 2) - 1;
    parts.tm_mday = number(8, 2);
    parts.tm_hour = number(11, 2);
    parts.tm_min = number(14, 2);
    parts.tm_sec = number(17, 2);
    if (parts.tm_year < 70 || parts.tm_mon > 11 || parts.tm_mday < 1 || parts.tm_hour > 23 ||
        parts.tm_min > 59 || parts.tm_sec > 59)
        return false;
    const int64_t seconds = timegm(&parts);
    // timegm normalises 31 February into March; a date that moved was not a date.
    if (format_utc_time(seconds) != text) return false;
    unix_seconds = seconds;
    return true;
}

std::string version_problem(std::string_view version) {
    if (version.empty()) return "version must not be empty";
    if (version.size() > 128) return "version is longer than 128 characters";
    for (char c : version)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return "version contains a control character";
    return {};
}

bool is_valid_bundle_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxBundleIdLength) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::string to_json(const Manifest& manifest) {
    std::vector<FileEntry> files = manifest.files;
    std::sort(files.begin(), files.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    // nlohmann's default object is a std::map, so keys come out sorted.
    json entries = json::array();
    for (const FileEntry& file : files)
        entries.push_back({{"path", file.path}, {"sha256", file.sha256}, {"size", file.size}});
    json root = {{"bundle_id", manifest.bundle_id},
                 {"files", std::move(entries)},
                 {"format", manifest.sequence > 0 ? kManifestFormat : 1},
                 {"version", manifest.version}};
    if (manifest.sequence > 0) {
        root["sequence"] = manifest.sequence;
        root["expires"] = format_utc_time(manifest.expires_unix);
    }
    // `replace` instead of throwing: validation already rejects non-UTF-8 paths.
    return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {
Result<Manifest> parse_manifest_text(std::string_view json_text, std::string_view display_name);
} // namespace

Result<Manifest> parse_manifest(std::string_view json_text, std::string_view display_name) {
    if (json_text.size() > kMaxManifestBytes)
        return make_error(std::string(display_name), 0,
                          "is " + describe_bytes(json_text.size()) + ", more than the limit of " +
                              describe_bytes(kMaxManifestBytes) + " for a manifest");
    if (int line = too_deep_line(json_text); line > 0)
        return make_error(std::string(display_name), line,
                          "JSON nested deeper than " + std::to_string(kMaxManifestNesting) +
                              " levels; a kiosk manifest is 3 levels deep (not a manifest "
                              "written by kiosk bundle build)");
    // Out of memory or any other library failure becomes one sentence about this file,
    // never "internal error: std::bad_alloc".
    try {
        return parse_manifest_text(json_text, display_name);
    } catch (const std::bad_alloc&) {
        return make_error(std::string(display_name), 0,
                          "too large to read into memory (limit " +
                              describe_bytes(kMaxManifestBytes) + ")");
    } catch (const std::exception&) {
        return make_error(std::string(display_name), 0, "is not a valid manifest (invalid JSON)");
    }
}

namespace {

Result<Manifest> parse_manifest_text(std::string_view json_text, std::string_view display_name) {
    const char* furthest = json_text.data();
    LineRecorder recorder(json_text, &furthest);
    CountingIterator begin(json_text.data(), &furthest);
    CountingIterator end(json_text.data() + json_text.size(), nullptr);
    bool parsed = false;
    try {
        parsed = json::sax_parse(begin, end, &recorder);
    } catch (const json::exception& e) {
        return make_error(std::string(display_name), 0,
                          "invalid JSON (" + short_parse_message(e.what()) + ")");
    }
    if (!parsed || recorder.failure) {
        Failure failure = recorder.failure.value_or(Failure{0, "invalid JSON"});
        return make_error(std::string(display_name), failure.line, failure.message);
    }
    // The text is known to be valid JSON now; parse it again into a DOM to read it easily.
    json root = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (root.is_discarded()) return make_error(std::string(display_name), 0, "invalid JSON");
    try {
        return ManifestReader(display_name, recorder.lines).read(root);
    } catch (const json::exception& e) {
        return make_error(std::string(display_name), 0,
                          "unexpected value (" + short_parse_message(e.what()) + ")");
    }
}

} // namespace

Status validate_manifest(const Manifest& manifest, std::string_view display_name) {
    std::string name(display_name);
    if (!is_valid_bundle_id(manifest.bundle_id))
        return make_error(name, 0,
                          "bundle id \"" + manifest.bundle_id + "\" may use only a-z, 0-9 and -");
    if (auto problem = version_problem(manifest.version); !problem.empty())
        return make_error(name, 0, problem);
    if (manifest.sequence > kMaxSequence)
        return make_error(name, 0, "sequence is larger than " + std::to_string(kMaxSequence));
    if ((manifest.sequence == 0) != (manifest.expires_unix == 0))
        return make_error(name, 0,
                          "a sequence number needs an expiry time, and the other way "
                          "round");
    if (manifest.expires_unix < 0 || manifest.expires_unix > kLastUtcSecond)
        return make_error(name, 0, "expiry time is outside the years 1970 to 9999");
    std::set<std::string_view> seen;
    for (const FileEntry& file : manifest.files) {
        if (auto problem = relative_path_problem(file.path); !problem.empty())
            return make_error(name, 0, "\"" + file.path + "\": " + problem);
        if (!is_sha256_hex(file.sha256))
            return make_error(name, 0, "\"" + file.path + "\": sha256 is not 64 hex digits");
        if (!seen.insert(file.path).second)
            return make_error(name, 0, "duplicate path \"" + file.path + "\"");
    }
    return Ok{};
}

} // namespace kiosk::bundle
