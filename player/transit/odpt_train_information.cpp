// parse_train_information(): odpt:TrainInformation JSON from untrusted bytes.
//
// The feed comes over HTTP from a third party, so nothing is built before it is bounded:
// the size is checked first, then the UTF-8, then one pass of nlohmann-json's SAX parser
// with a handler (FeedReader) that stops the parser at the first level beyond
// kMaxFeedDepth or the first entry beyond kMaxLines, and keeps only the fields the board
// shows, each string only up to its limit. No DOM is built: memory stays proportional to
// what the board keeps, whatever the document holds besides. Every step is linear.

#include "player/transit/transit_board.h"

#include "player/core/date_time.h"
#include "player/core/utf8.h"
#include "player/transit/transit_rules.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <new>
#include <optional>
#include <unordered_map>
#include <utility>

namespace kiosk::transit {

namespace {

using json = nlohmann::json;

constexpr std::string_view kType = "@type";
constexpr std::string_view kOperator = "odpt:operator";
constexpr std::string_view kRailway = "odpt:railway";
constexpr std::string_view kDate = "dc:date";
constexpr std::string_view kStatus = "odpt:trainInformationStatus";
constexpr std::string_view kText = "odpt:trainInformationText";

bool is_text_field(std::string_view key) {
    return key == kStatus || key == kText;
}
bool is_read_field(std::string_view key) {
    return key == kType || key == kOperator || key == kRailway || key == kDate ||
           is_text_field(key);
}

using rules::has_control_character;
using rules::in_quotes;
using rules::is_language_tag;

std::string describe_size(size_t bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return std::to_string(bytes / (1024 * 1024)) + " MiB";
    if (bytes >= 1024 * 1024) {
        const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
        std::string text = std::to_string(static_cast<int>(mib * 10 + 0.5));
        return text.substr(0, text.size() - 1) + "." + text.back() + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

// ---------------------------------------------------------------------------------------
// The SAX pass: what each entry holds, as read, before any judgement.

// One field of an entry, as the feed gave it.
struct Field {
    enum class Kind { Missing, String, Texts, Other };
    Kind kind = Kind::Missing;
    std::string type;    // Other: "a number", "an array", ...
    std::string string;  // String
    Texts texts;         // Texts
    std::string problem; // the first thing wrong inside it (too long, a bad tag, ...)
    bool twice = false;  // the key appeared again in the same entry
};

struct RawEntry {
    std::string not_object; // set when the entry is not a JSON object: its type
    std::unordered_map<std::string_view, Field> fields; // the keys the board reads
};

// Called by nlohmann::json::sax_parse for every token. Depth counts open containers: the
// document's array is level 1, an entry 2, a multilingual text 3.
class FeedReader {
  public:
    std::vector<RawEntry> entries;
    std::optional<Error> refusal; // why the document was refused, once it was
    std::string file;

    explicit FeedReader(std::string file_name) : file(std::move(file_name)) {}

    bool null() { return scalar("null"); }
    bool boolean(bool) { return scalar("a boolean"); }
    bool number_integer(json::number_integer_t) { return scalar("a number"); }
    bool number_unsigned(json::number_unsigned_t) { return scalar("a number"); }
    bool number_float(json::number_float_t, const std::string&) { return scalar("a number"); }
    bool binary(json::binary_t&) { return scalar("binary data"); } // never in JSON text

    bool string(std::string& value) {
        if (!begin_value("a string")) return false;
        if (m_depth == 2 && m_field) {
            take_string(*m_field, value);
        } else if (m_depth == 3 && m_in_texts && m_field) {
            take_text(*m_field, value);
        }
        return true;
    }

    bool start_object(std::size_t) { return open("an object"); }
    bool start_array(std::size_t) { return open("an array"); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(std::string& name) {
        if (m_depth == 2 && entry_is_object()) {
            m_field = nullptr;
            m_in_texts = false;
            if (!is_read_field(name)) return true;
            // The map's key views the constant, not the parser's buffer.
            const std::string_view stable =
                *std::find_if(kReadFields.begin(), kReadFields.end(),
                              [&](std::string_view k) { return k == name; });
            Field& field = entries.back().fields[stable];
            if (field.kind != Field::Kind::Missing) field.twice = true;
            m_field = &field;
            m_field_name = stable;
        } else if (m_depth == 3 && m_in_texts && m_field) {
            m_language = name;
        }
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const json::exception& error) {
        // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 2:
        // syntax error while parsing value - invalid literal; last read: 'x'": the words
        // after the position are kept, the echo of the input is not (it may be anything).
        std::string what = error.what();
        if (size_t at = what.find(": "); at != std::string::npos) what.erase(0, at + 2);
        if (size_t at = what.find("; last read"); at != std::string::npos) what.erase(at);
        m_error_offset = position > 0 ? position - 1 : 0;
        refusal = Error{file, 0, "not JSON: " + what};
        return false;
    }

    size_t error_offset() const { return m_error_offset; }

  private:
    static constexpr std::array<std::string_view, 6> kReadFields = {kType, kOperator, kRailway,
                                                                    kDate, kStatus,   kText};

    bool entry_is_object() const { return !entries.empty() && entries.back().not_object.empty(); }

    bool refuse(std::string message) {
        refusal = Error{file, 0, std::move(message)};
        return false;
    }

    // Every value starts here, containers before their level opens.
    bool begin_value(std::string_view type) {
        if (m_depth == 0 && type != "an array")
            return refuse("is " + std::string(type == "null" ? "null" : type) +
                          " in JSON, not an array: odpt:TrainInformation is an array of "
                          "entries");
        if (m_depth == 1) {
            if (entries.size() >= kMaxLines)
                return refuse("more than " + std::to_string(kMaxLines) +
                              " entries, the limit for one transit feed");
            entries.emplace_back();
            if (type != "an object") entries.back().not_object = type;
            m_field = nullptr;
            return true;
        }
        if (m_depth == 2 && m_field) {
            if (type == "an object" && is_text_field(m_field_name)) {
                m_field->kind = Field::Kind::Texts;
            } else if (type != "a string") {
                m_field->kind = Field::Kind::Other;
                m_field->type = type;
            }
        } else if (m_depth == 3 && m_in_texts && m_field && type != "a string") {
            note(*m_field, in_quotes(m_language) + " is " + std::string(type) + ", not a string");
        }
        return true;
    }

    bool scalar(std::string_view type) {
        if (!begin_value(type)) return false;
        if (m_depth == 2) m_field = nullptr; // the field's value is complete
        return true;
    }

    bool open(std::string_view type) {
        if (!begin_value(type)) return false;
        if (++m_depth > kMaxFeedDepth)
            return refuse("nested deeper than " + std::to_string(kMaxFeedDepth) +
                          " levels; odpt:TrainInformation is 3 levels deep");
        if (m_depth == 3) m_in_texts = m_field && m_field->kind == Field::Kind::Texts;
        return true;
    }

    bool close() {
        --m_depth;
        if (m_depth == 2) {
            m_in_texts = false;
            m_field = nullptr;
        }
        if (m_depth == 1) m_field = nullptr;
        return true;
    }

    static void note(Field& field, std::string problem) {
        if (field.problem.empty()) field.problem = std::move(problem);
    }

    void take_string(Field& field, std::string& value) {
        field.kind = Field::Kind::String;
        if (value.size() > kMaxIdBytes) {
            note(field, "is " + std::to_string(value.size()) + " bytes, more than " +
                            std::to_string(kMaxIdBytes));
            field.string.clear();
        } else {
            field.string = std::move(value);
        }
        m_field = nullptr;
    }

    void take_text(Field& field, std::string& value) {
        if (!is_language_tag(m_language)) {
            // The tag is not echoed: it may be anything, of any length.
            note(field, "has a language tag that is not one (like \"ja\", \"en\", \"zh-Hans\")");
        } else if (field.texts.count(m_language)) {
            note(field, "gives " + in_quotes(m_language) + " twice");
        } else if (value.size() > kMaxTextBytes) {
            note(field, in_quotes(m_language) + " is " + std::to_string(value.size()) +
                            " bytes, more than the limit of " + std::to_string(kMaxTextBytes));
        } else if (has_control_character(value)) {
            note(field, in_quotes(m_language) + " contains a control character");
        } else if (field.texts.size() >= kMaxLanguages) {
            note(field, "has more than " + std::to_string(kMaxLanguages) + " languages");
        } else if (!value.empty()) {
            field.texts.emplace(m_language, std::move(value));
        }
    }

    int m_depth = 0;
    Field* m_field = nullptr;      // the field whose value is being read, when the board reads it
    std::string_view m_field_name; // its key (one of kReadFields)
    bool m_in_texts = false;       // inside that field's multilingual object
    std::string m_language;        // the key just read inside it
    size_t m_error_offset = 0;
};

// ---------------------------------------------------------------------------------------
// Judging each entry.

// Where each entry of the (valid JSON) array starts: its 1-based line. Strings cannot hold
// raw line breaks in JSON, so every '\n' outside them ends a line.
std::vector<int> entry_lines(std::string_view text) {
    std::vector<int> lines;
    int line = 1, depth = 0;
    bool in_string = false, expecting = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '\n') ++line;
        const bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (depth == 1 && expecting && !blank && c != ']') {
            lines.push_back(line);
            expecting = false;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth == 1) expecting = true;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expecting = true;
        }
    }
    return lines;
}

int line_of_offset(std::string_view text, size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// The id's readable part: "odpt.Railway:TokyoMetro.Ginza" -> "Ginza",
// "odpt.Operator:JR-East" -> "JR-East"; never empty (an id ending in ':' or '.' keeps more).
std::string name_from_id(std::string_view id) {
    std::string_view name = id;
    if (size_t colon = name.rfind(':'); colon != std::string_view::npos && colon + 1 < name.size())
        name.remove_prefix(colon + 1);
    if (size_t dot = name.rfind('.'); dot != std::string_view::npos && dot + 1 < name.size())
        name.remove_prefix(dot + 1);
    return std::string(name);
}

// An id field: "" when usable (stored in `id`), else why not.
std::string read_id(const RawEntry& entry, std::string_view key, std::string& id) {
    auto it = entry.fields.find(key);
    if (it == entry.fields.end() || it->second.kind == Field::Kind::Missing)
        return std::string(key) + " is missing";
    const Field& field = it->second;
    if (field.twice) return std::string(key) + " appears twice";
    if (field.kind != Field::Kind::String)
        return std::string(key) + " is " + field.type + ", not a string";
    if (!field.problem.empty()) return std::string(key) + " " + field.problem;
    if (!rules::is_odpt_id(field.string))
        return std::string(key) + " is not an id like \"odpt.Railway:TokyoMetro.Ginza\"";
    id = field.string;
    return {};
}

// A multilingual text field, optional: "" when absent or usable (stored in `texts`).
std::string read_texts(const RawEntry& entry, std::string_view key, Texts& texts) {
    auto it = entry.fields.find(key);
    if (it == entry.fields.end() || it->second.kind == Field::Kind::Missing) return {};
    const Field& field = it->second;
    if (field.twice) return std::string(key) + " appears twice";
    if (field.kind == Field::Kind::Other && field.type == "null") return {};
    if (field.kind != Field::Kind::Texts)
        return std::string(key) + " is " +
               (field.kind == Field::Kind::String ? "a string" : field.type) +
               ", not an object of texts by language like {\"ja\": \"...\", \"en\": \"...\"}";
    if (!field.problem.empty()) return std::string(key) + " " + field.problem;
    texts = field.texts;
    return {};
}

// The entry as a line of the board, or why it is skipped.
std::string read_entry(const RawEntry& entry, LineStatus& line) {
    if (!entry.not_object.empty()) return "is " + entry.not_object + ", not an object";
    if (auto type = entry.fields.find(kType); type != entry.fields.end()) {
        const Field& field = type->second;
        if (field.twice) return "@type appears twice";
        if (field.kind != Field::Kind::String) return "@type is " + field.type + ", not a string";
        if (field.string != "odpt:TrainInformation")
            return "@type is not \"odpt:TrainInformation\"";
    }
    if (auto problem = read_id(entry, kRailway, line.railway_id); !problem.empty()) return problem;
    if (auto problem = read_id(entry, kOperator, line.operator_id); !problem.empty())
        return problem;
    auto date = entry.fields.find(kDate);
    if (date == entry.fields.end() || date->second.kind == Field::Kind::Missing)
        return "dc:date is missing";
    if (date->second.kind != Field::Kind::String)
        return "dc:date is " + date->second.type + ", not a string";
    if (date->second.twice) return "dc:date appears twice";
    if (auto problem = rfc3339_problem(date->second.string, line.date_unix); !problem.empty())
        return "dc:date is not a date-time like 2026-12-01T08:05:00+09:00 (" + problem + ")";
    if (auto problem = read_texts(entry, kStatus, line.status); !problem.empty()) return problem;
    if (auto problem = read_texts(entry, kText, line.text); !problem.empty()) return problem;
    line.state = classify(line.status);
    return {};
}

const Texts* find_names(const std::vector<std::pair<std::string, Texts>>& table,
                        std::string_view id) {
    for (const auto& [key, texts] : table)
        if (key == id) return &texts;
    return nullptr;
}

Result<TransitBoard> parse_checked(std::string_view text, const std::string& file,
                                   const TransitNames& names, std::vector<std::string>* skipped) {
    if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
        return make_error(file, line_of_offset(text, bad),
                          "not UTF-8 (byte " + std::to_string(bad) + "); JSON is UTF-8");
    FeedReader reader(file);
    const bool parsed = json::sax_parse(text.begin(), text.end(), &reader);
    if (!parsed || reader.refusal) {
        Error error = reader.refusal ? *reader.refusal : Error{file, 0, "not JSON"};
        if (error.message.starts_with("not JSON"))
            error.line = line_of_offset(text, reader.error_offset());
        return error;
    }

    std::vector<LineStatus> feed_order;
    std::vector<std::pair<size_t, std::string>> refused; // entry index, why
    std::unordered_map<std::string, size_t> seen;        // railway id -> entry number
    for (size_t i = 0; i < reader.entries.size(); ++i) {
        LineStatus line;
        std::string problem = read_entry(reader.entries[i], line);
        if (problem.empty()) {
            auto [first, added] = seen.emplace(line.railway_id, i + 1);
            if (!added)
                problem = "odpt:railway " + in_quotes(line.railway_id) + " was given by entry " +
                          std::to_string(first->second) + " already";
        }
        if (!problem.empty()) {
            refused.emplace_back(i, std::move(problem));
            continue;
        }
        feed_order.push_back(std::move(line));
    }

    if (skipped && !refused.empty()) {
        const std::vector<int> lines = entry_lines(text);
        for (size_t n = 0; n < refused.size() && n < kMaxSkippedNotes; ++n) {
            const size_t index = refused[n].first;
            const int line = index < lines.size() ? lines[index] : 0;
            skipped->push_back(Error{
                file, line, "entry " + std::to_string(index + 1) + " skipped: " + refused[n].second}
                                   .describe());
        }
        if (refused.size() > kMaxSkippedNotes)
            skipped->push_back(file + ": " + std::to_string(refused.size() - kMaxSkippedNotes) +
                               " more entries skipped");
    }

    TransitBoard board;
    for (LineStatus& line : feed_order) {
        board.data_unix = std::max(board.data_unix, line.date_unix);
        if (const Texts* known = find_names(names.operators, line.operator_id))
            line.operator_name = *known;
        else
            line.operator_name.emplace(kNameFromIdTag, name_from_id(line.operator_id));
        if (const Texts* known = find_names(names.railways, line.railway_id))
            line.line_name = *known;
        else
            line.line_name.emplace(kNameFromIdTag, name_from_id(line.railway_id));
    }
    // The names table's railways first, in its order; the others as the feed lists them.
    std::unordered_map<std::string_view, size_t> rank;
    for (size_t i = 0; i < names.railways.size(); ++i)
        rank.emplace(names.railways[i].first, i);
    auto rank_of = [&](const LineStatus& line) {
        auto it = rank.find(line.railway_id);
        return it == rank.end() ? names.railways.size() : it->second;
    };
    std::stable_sort(
        feed_order.begin(), feed_order.end(),
        [&](const LineStatus& a, const LineStatus& b) { return rank_of(a) < rank_of(b); });
    board.lines = std::move(feed_order);
    return board;
}

bool contains(std::string_view text, std::string_view word) {
    return text.find(word) != std::string_view::npos;
}

bool contains_ascii_nocase(std::string_view text, std::string_view word) {
    auto it = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    return it != text.end();
}

std::optional<LineState> classify_ja(std::string_view text) {
    if (contains(text, "見合わせ") || contains(text, "運休")) return LineState::Suspended;
    if (contains(text, "遅延")) return LineState::Delay;
    if (contains(text, "再開")) return LineState::Resumed;
    if (contains(text, "平常")) return LineState::Normal;
    return std::nullopt;
}

std::optional<LineState> classify_en(std::string_view text) {
    if (contains_ascii_nocase(text, "suspend")) return LineState::Suspended;
    if (contains_ascii_nocase(text, "delay")) return LineState::Delay;
    if (contains_ascii_nocase(text, "resum")) return LineState::Resumed;
    if (contains_ascii_nocase(text, "normal")) return LineState::Normal;
    return std::nullopt;
}

} // namespace

Result<TransitBoard> parse_train_information(std::string_view json, std::string_view display_name,
                                             const TransitNames& names,
                                             std::vector<std::string>* skipped) {
    const std::string file(display_name);
    if (json.size() > kMaxFeedBytes)
        return make_error(file, 0,
                          "is " + describe_size(json.size()) + ", more than the limit of " +
                              describe_size(kMaxFeedBytes) + " for a transit feed");
    // Out of memory becomes one sentence about this file, like every other failure.
    try {
        return parse_checked(json, file, names, skipped);
    } catch (const std::bad_alloc&) {
        return make_error(file, 0, "too large to read into memory");
    }
}

LineState classify(const Texts& status) {
    if (auto ja = status.find("ja"); ja != status.end())
        if (auto state = classify_ja(ja->second)) return *state;
    if (auto en = status.find("en"); en != status.end())
        if (auto state = classify_en(en->second)) return *state;
    const bool any = std::any_of(status.begin(), status.end(),
                                 [](const auto& item) { return !item.second.empty(); });
    return any ? LineState::Other : LineState::Normal;
}

bool is_stale(const TransitBoard& board, int64_t now_unix, int stale_minutes) {
    if (board.data_unix <= 0) return true;
    const int64_t as_of =
        board.fetched_unix > 0 ? std::min(board.data_unix, board.fetched_unix) : board.data_unix;
    return now_unix - as_of > int64_t(stale_minutes) * 60;
}

const std::string* pick_text(const Texts& texts, const std::vector<std::string>& chain) {
    for (const std::string& tag : chain)
        if (auto it = texts.find(tag); it != texts.end()) return &it->second;
    for (std::string_view tag : {std::string_view("en"), kNameFromIdTag})
        if (auto it = texts.find(tag); it != texts.end()) return &it->second;
    return texts.empty() ? nullptr : &texts.begin()->second;
}

} // namespace kiosk::transit
