#include "player/content/procedure_flow.h"

#include "player/content/content_limits.h"
#include "player/content/content_rules.h"
#include "player/content/procedure_graph.h"
#include "player/content/toml_fields.h"

#include <algorithm>
#include <limits>
#include <map>

namespace kiosk::content {

namespace {

constexpr std::string_view kEnd = "end";

struct QuestionLines {
    int line = 0;
    std::vector<int> answers;
};

std::vector<std::string> question_ids(const Procedure& procedure) {
    std::vector<std::string> ids;
    for (const Question& question : procedure.questions)
        ids.push_back(question.id);
    return ids;
}

std::string choices(const std::vector<std::string>& ids) {
    return ids.empty() ? std::string("none defined") : "one of " + quoted_list(ids);
}

void read_answers(const TomlSource& source, const toml::table& table, Question& question,
                  QuestionLines& lines) {
    const std::string where = "in [question." + question.id + "]";
    const toml::array* answers = get_array(source, table, "answers", Need::Optional, where);
    if (answers && answers->size() > kMaxAnswers) {
        source.error(*answers, "question " + quote(question.id) + " has " +
                                   std::to_string(answers->size()) + " answers; the limit is " +
                                   std::to_string(kMaxAnswers) + " (split it into two questions)");
        return;
    }
    for (size_t i = 0; answers && i < answers->size(); ++i) {
        const toml::node& node = *answers->get(i);
        const toml::table* entry = node.as_table();
        if (!entry) {
            source.error(node, "each answer must be { id = \"...\", next = \"...\" }, not " +
                                   type_name(node));
            continue;
        }
        check_keys(source, *entry, {"id", "next"},
                   "in an answer of question " + quote(question.id));
        Answer answer;
        auto id = get_string(source, *entry, "id", Need::Required, "in an answer");
        auto next = get_string(source, *entry, "next", Need::Required, "in an answer");
        if (!id) continue;
        answer.id = *id;
        answer.next = next.value_or(std::string(kEnd));
        const int line = source.line(*entry);
        if (answer.id.empty())
            source.error(line, "an answer of question " + quote(question.id) +
                                   " has an empty id (give it a name like \"yes\")");
        else if (!is_valid_id(answer.id))
            source.error(line, "answer id " + quote(answer.id) + " " + std::string(kIdRule));
        for (const Answer& earlier : question.answers)
            if (earlier.id == answer.id)
                source.error(line, "answer " + quote(answer.id) + " appears twice in question " +
                                       quote(question.id) + " (give each answer its own id)");
        question.answers.push_back(std::move(answer));
        lines.answers.push_back(line);
    }
    if (question.answers.empty())
        source.error(lines.line, "question " + quote(question.id) +
                                     " has no answers, so the visitor is stuck (add answers = "
                                     "[{ id = \"...\", next = \"end\" }])");
}

// Each answer's `next` must name a question or "end".
void check_targets(const TomlSource& source, const Procedure& procedure,
                   const std::map<std::string, size_t, std::less<>>& index,
                   const std::vector<QuestionLines>& lines) {
    const std::vector<std::string> ids = question_ids(procedure);
    for (size_t q = 0; q < procedure.questions.size(); ++q)
        for (size_t a = 0; a < procedure.questions[q].answers.size(); ++a) {
            const Answer& answer = procedure.questions[q].answers[a];
            if (answer.next == kEnd || index.count(answer.next)) continue;
            std::string hint = did_you_mean(answer.next, ids);
            source.error(lines[q].answers[a],
                         "answer " + quote(answer.id) + " leads to unknown question " +
                             quote(answer.next) + hint + " (use a question id or \"end\")");
        }
}

// Questions nobody can get to from `start`.
void check_reachable(const TomlSource& source, const Procedure& procedure,
                     const std::map<std::string, size_t, std::less<>>& index,
                     const std::vector<QuestionLines>& lines) {
    auto start = index.find(procedure.start);
    if (start == index.end()) return; // reported already
    std::vector<bool> seen(procedure.questions.size(), false);
    std::vector<size_t> todo{start->second};
    seen[start->second] = true;
    while (!todo.empty()) {
        size_t q = todo.back();
        todo.pop_back();
        for (const Answer& answer : procedure.questions[q].answers) {
            auto next = index.find(answer.next);
            if (next == index.end() || seen[next->second]) continue;
            seen[next->second] = true;
            todo.push_back(next->second);
        }
    }
    for (size_t q = 0; q < seen.size(); ++q)
        if (!seen[q])
            source.error(lines[q].line, "question " + quote(procedure.questions[q].id) +
                                            " cannot be reached from start " +
                                            quote(procedure.start) +
                                            " (point an answer's next to it, or remove it)");
}

// Cycles, found by an iterative depth-first search (no recursion depth to worry about on
// hostile input). Each back edge is one cycle, reported at the answer that closes it.
bool check_cycles(const TomlSource& source, const Procedure& procedure,
                  const std::map<std::string, size_t, std::less<>>& index,
                  const std::vector<QuestionLines>& lines) {
    bool found = false;
    enum class Mark { New, Active, Done };
    const size_t count = procedure.questions.size();
    std::vector<Mark> mark(count, Mark::New);
    struct Frame {
        size_t question;
        size_t answer;
    };
    // From `start` first, so that a cycle reads in the order a visitor would walk it.
    std::vector<size_t> roots;
    if (auto start = index.find(procedure.start); start != index.end())
        roots.push_back(start->second);
    for (size_t q = 0; q < count; ++q)
        roots.push_back(q);
    for (size_t root : roots) {
        if (mark[root] != Mark::New) continue;
        std::vector<Frame> stack{{root, 0}};
        mark[root] = Mark::Active;
        while (!stack.empty()) {
            Frame& frame = stack.back();
            const Question& question = procedure.questions[frame.question];
            if (frame.answer == question.answers.size()) {
                mark[frame.question] = Mark::Done;
                stack.pop_back();
                continue;
            }
            const size_t a = frame.answer++;
            auto next = index.find(question.answers[a].next);
            if (next == index.end()) continue;
            const size_t target = next->second;
            if (mark[target] == Mark::New) {
                mark[target] = Mark::Active;
                stack.push_back({target, 0});
            } else if (mark[target] == Mark::Active) {
                std::string path;
                bool on_cycle = false;
                for (const Frame& step : stack) {
                    on_cycle = on_cycle || step.question == target;
                    if (on_cycle) path += procedure.questions[step.question].id + " -> ";
                }
                path += procedure.questions[target].id;
                found = true;
                source.error(lines[frame.question].answers[a],
                             "questions form a cycle: " + path +
                                 " (a flow must always move forward; point answer " +
                                 quote(question.answers[a].id) +
                                 " to a later question or \"end\")");
            }
        }
    }
    return found;
}

void read_item(const TomlSource& source, const toml::table& table, const Procedure& procedure,
               const std::map<std::string, size_t, std::less<>>& index, ChecklistItem& item) {
    const std::string where = item.id.empty() ? "in [[item]]" : "in item " + quote(item.id);
    check_keys(source, table, {"id", "counter", "floor", "when"}, where);
    if (const toml::node* counter = table.get("counter")) {
        // Counters are signed as numbers or letters; a bare number is as good as a string.
        if (counter->is_string() &&
            counter->as_string()->get().find_first_not_of(" \t") == std::string::npos)
            source.error(*counter, "\"counter\" is empty in item " + quote(item.id) +
                                       " (write the counter visitors go to, like \"1\" or "
                                       "\"A\", or remove the key)");
        else if (counter->is_string())
            item.counter = counter->as_string()->get();
        else if (counter->is_integer())
            item.counter = std::to_string(counter->as_integer()->get());
        else
            source.error(*counter, "\"counter\" must be a string like \"1\" or \"A\", not " +
                                       type_name(*counter));
    }
    if (auto floor = get_integer(source, table, "floor", Need::Optional, where)) {
        if (*floor < -20 || *floor > 200)
            source.error(line_of(source, table, "floor"),
                         "floor " + std::to_string(*floor) + " is not a plausible floor");
        else
            item.floor = static_cast<int>(*floor);
    }
    const toml::table* when = get_table(source, table, "when", Need::Optional, where);
    if (!when) return;
    const std::vector<std::string> ids = question_ids(procedure);
    for (const auto& [key, value] : *when) {
        const std::string question_id(key.str());
        const int when_line = source.line(value);
        auto question = index.find(question_id);
        if (question == index.end()) {
            source.error(when_line, "item " + quote(item.id) + ": when names unknown question " +
                                        quote(question_id) + did_you_mean(question_id, ids) +
                                        " (use " + choices(ids) + ")");
            continue;
        }
        const auto* answer = value.as_string();
        if (!answer) {
            source.error(when_line, "when " + question_id +
                                        " must be an answer id in quotes, not " + type_name(value));
            continue;
        }
        std::vector<std::string> answers;
        for (const Answer& a : procedure.questions[question->second].answers)
            answers.push_back(a.id);
        if (std::find(answers.begin(), answers.end(), answer->get()) == answers.end()) {
            source.error(when_line, "item " + quote(item.id) + ": question " + quote(question_id) +
                                        " has no answer " + quote(answer->get()) +
                                        did_you_mean(answer->get(), answers) + " (use " +
                                        choices(answers) + ")");
            continue;
        }
        item.when.emplace_back(question_id, answer->get());
    }
}

// An item whose `when` answers no single visitor can give (two answers on different
// branches, or one after the flow has already ended) would never be listed. Decided on the
// question graph, without walking every outcome.
void check_items_reachable(const TomlSource& source, const Procedure& procedure,
                           const std::vector<int>& item_lines) {
    const ProcedureGraph graph(procedure);
    if (!graph.usable()) return;
    for (size_t i = 0; i < procedure.items.size(); ++i) {
        const ChecklistItem& item = procedure.items[i];
        if (item.when.size() < 2) continue; // one answer of a reachable question always can
        auto steps = graph.conditions(item);
        if (!steps) continue; // an unknown question or answer, reported already
        bool all_reachable = true;
        for (const auto& step : *steps)
            all_reachable = all_reachable && graph.reachable_from_start(step.first);
        if (!all_reachable || graph.path_through(*steps)) continue;
        std::string answers;
        for (const auto& [question, answer] : item.when)
            answers += (answers.empty() ? "" : " and ") + question + " = " + quote(answer);
        source.error(item_lines[i], "item " + quote(item.id) +
                                        " can never be shown: no visitor answers " + answers +
                                        " on one way through the questions (fix its when)");
    }
}

} // namespace

bool parse_flow(std::string_view text, const std::string& file, Procedure& procedure,
                int* category_line, LoadReport& report) {
    const TomlSource source{file, 1, &report};
    auto table = parse_toml(text, source);
    if (!table) return false;
    constexpr std::string_view where = "in flow.toml";
    check_keys(source, *table,
               {"category", "order", "icon", "start", "url", "question", "item", "sign_language"},
               where);

    procedure.category = get_string(source, *table, "category", Need::Required, where).value_or("");
    *category_line = line_of(source, *table, "category");
    if (auto icon = get_icon(source, *table, Need::Optional, where)) procedure.icon = *icon;
    // Sign-language clips: the loader checks that the bundle has them (check_video).
    if (auto clip = get_string(source, *table, "sign_language", Need::Optional, where)) {
        procedure.sign_language = *clip;
        procedure.sign_language_line = line_of(source, *table, "sign_language");
    }
    // The official online page of the procedure: carried in the checklist's QR code.
    if (auto url = get_string(source, *table, "url", Need::Optional, where)) {
        if (url->rfind("https://", 0) == 0 && url->size() <= 300 &&
            url->find_first_of(" \t\n\"<>") == std::string::npos)
            procedure.url = *url;
        else
            source.error(line_of(source, *table, "url"),
                         "url must be an https:// address of at most 300 characters, without "
                         "spaces (the procedure's official page)");
    }
    if (auto order = get_integer(source, *table, "order", Need::Optional, where)) {
        if (*order < std::numeric_limits<int>::min() || *order > std::numeric_limits<int>::max())
            source.error(line_of(source, *table, "order"),
                         "order is out of range (use a small number like 10)");
        else
            procedure.order = static_cast<int>(*order);
    }

    // Questions first, so that start, next and when can be checked against them.
    std::map<std::string, size_t, std::less<>> index;
    std::vector<QuestionLines> lines;
    const toml::table* questions = get_table(source, *table, "question", Need::Required, where);
    if (questions && questions->size() > kMaxQuestions) {
        source.error(*questions, "the procedure has " + std::to_string(questions->size()) +
                                     " questions; the limit is " + std::to_string(kMaxQuestions) +
                                     " (split it into several procedures)");
        return true;
    }
    if (questions) {
        for (const auto& [key, value] : *questions) {
            Question question;
            question.id = std::string(key.str());
            QuestionLines question_lines;
            question_lines.line = source.line(value);
            if (!is_valid_id(question.id))
                source.error(question_lines.line,
                             "question id " + quote(question.id) + " " + std::string(kIdRule));
            if (question.id == kEnd)
                source.error(question_lines.line,
                             "a question cannot be called \"end\": that word means \"show the "
                             "checklist\" (rename the question)");
            const toml::table* body = value.as_table();
            if (!body) {
                source.error(value, "question." + question.id + " must be a table with answers");
                continue;
            }
            check_keys(source, *body, {"answers", "sign_language"},
                       "in [question." + question.id + "]");
            if (auto clip = get_string(source, *body, "sign_language", Need::Optional,
                                       "in [question." + question.id + "]")) {
                question.sign_language = *clip;
                question.sign_language_line = line_of(source, *body, "sign_language");
            }
            read_answers(source, *body, question, question_lines);
            index.emplace(question.id, procedure.questions.size());
            procedure.questions.push_back(std::move(question));
            lines.push_back(std::move(question_lines));
        }
    }

    const std::vector<std::string> ids = question_ids(procedure);
    if (auto start = get_string(source, *table, "start", Need::Required, where)) {
        procedure.start = *start;
        if (!index.count(*start))
            source.error(line_of(source, *table, "start"),
                         "start names unknown question " + quote(*start) +
                             did_you_mean(*start, ids) + " (use " + choices(ids) + ")");
    }
    check_targets(source, procedure, index, lines);
    check_reachable(source, procedure, index, lines);
    const bool has_cycle = check_cycles(source, procedure, index, lines);

    const toml::array* items = get_array(source, *table, "item", Need::Optional, where);
    if (items && items->size() > kMaxItems) {
        source.error(*items, "the procedure has " + std::to_string(items->size()) +
                                 " checklist items; the limit is " + std::to_string(kMaxItems) +
                                 " (split it into several procedures)");
        return true;
    }
    std::vector<int> item_lines;
    if (items) {
        std::map<std::string, int, std::less<>> seen;
        for (const toml::node& node : *items) {
            const toml::table* entry = node.as_table();
            if (!entry) {
                source.error(node, "each [[item]] must be a table, not " + type_name(node));
                continue;
            }
            ChecklistItem item;
            const int line = source.line(*entry);
            auto id = get_string(source, *entry, "id", Need::Required, "in [[item]]");
            item.id = id.value_or("");
            if (id && item.id.empty())
                source.error(line, "an item has an empty id (give it a name like \"residence\")");
            else if (!item.id.empty() && !is_valid_id(item.id))
                source.error(line, "item id " + quote(item.id) + " " + std::string(kIdRule));
            if (auto [it, fresh] = seen.emplace(item.id, line); !fresh && !item.id.empty())
                source.error(line, "item " + quote(item.id) + " is defined twice (first on line " +
                                       std::to_string(it->second) + "; give each item its own id)");
            read_item(source, *entry, procedure, index, item);
            procedure.items.push_back(std::move(item));
            item_lines.push_back(line);
        }
    }
    if (!has_cycle) check_items_reachable(source, procedure, item_lines);
    return true;
}

namespace {

// Words for something that exists in the flow are missing from one locale file.
void report_missing(const TomlSource& source, int line, const std::string* falls_back_to,
                    std::string_view locale, const std::string& what, const std::string& fix) {
    if (!falls_back_to)
        source.error(line,
                     "missing " + what + " (" + fix + "; the default locale needs every text)");
    else
        source.warning(line, "missing " + std::string(locale) + " translation of " + what +
                                 "; falls back to " + *falls_back_to);
}

void read_question_text(const TomlSource& source, const toml::table& questions,
                        const Procedure& flow, std::string_view locale,
                        const std::string* falls_back_to, ProcedureText& words) {
    const std::vector<std::string> ids = question_ids(flow);
    for (const auto& [key, value] : questions) {
        const std::string id(key.str());
        const Question* question = flow.question(id);
        if (!question) {
            source.error(value, "question " + quote(id) + " is not in flow.toml" +
                                    did_you_mean(id, ids) + " (fix the id or remove it)");
            continue;
        }
        const toml::table* body = value.as_table();
        if (!body) {
            source.error(value, "question." + id + " must be a table with text and answers");
            continue;
        }
        const std::string where = "in [question." + id + "]";
        check_keys(source, *body, {"text", "answers"}, where);
        QuestionText text;
        text.text = get_string(source, *body, "text", Need::Optional, where).value_or("");
        std::vector<std::string> answer_ids;
        for (const Answer& answer : question->answers)
            answer_ids.push_back(answer.id);
        if (const toml::table* answers = get_table(source, *body, "answers", Need::Optional, where))
            for (const auto& [answer_key, label] : *answers) {
                const std::string answer_id(answer_key.str());
                if (std::find(answer_ids.begin(), answer_ids.end(), answer_id) ==
                    answer_ids.end()) {
                    source.error(label, "question " + quote(id) + " has no answer " +
                                            quote(answer_id) + " in flow.toml" +
                                            did_you_mean(answer_id, answer_ids) + " (use " +
                                            choices(answer_ids) + ")");
                    continue;
                }
                if (const auto* string = label.as_string();
                    string && string->get().find_first_not_of(" \t") == std::string::npos)
                    source.error(label, "the label of answer " + quote(answer_id) +
                                            " is empty (write what the button says)");
                else if (string)
                    text.answers.emplace(answer_id, string->get());
                else
                    source.error(label, "the label of answer " + quote(answer_id) +
                                            " must be a string, not " + type_name(label));
            }
        words.questions.emplace(id, std::move(text));
    }
    // Completeness, in flow order so that messages read top to bottom.
    for (const Question& question : flow.questions) {
        auto found = words.questions.find(question.id);
        const int line = found == words.questions.end() ? source.line(questions)
                                                        : line_of(source, questions, question.id);
        if (found == words.questions.end() ||
            found->second.text.find_first_not_of(" \t\r\n") == std::string::npos) {
            report_missing(source, line, falls_back_to, locale,
                           "text for question " + quote(question.id),
                           "add [question." + question.id + "] text = \"...\"");
            if (found == words.questions.end()) continue;
        }
        for (const Answer& answer : question.answers)
            if (!found->second.answers.count(answer.id))
                report_missing(source, line, falls_back_to, locale,
                               "the label of answer " + quote(answer.id) + " of question " +
                                   quote(question.id),
                               "add it to [question." + question.id + "] answers");
    }
}

void read_item_text(const TomlSource& source, const toml::table& items, const Procedure& flow,
                    std::string_view locale, const std::string* falls_back_to,
                    ProcedureText& words) {
    std::vector<std::string> ids;
    for (const ChecklistItem& item : flow.items)
        ids.push_back(item.id);
    for (const auto& [key, value] : items) {
        const std::string id(key.str());
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            source.error(value, "item " + quote(id) + " is not in flow.toml" +
                                    did_you_mean(id, ids) + " (fix the id or remove it)");
            continue;
        }
        const toml::table* body = value.as_table();
        if (!body) {
            source.error(value, "item." + id + " must be a table with a title");
            continue;
        }
        const std::string where = "in [item." + id + "]";
        check_keys(source, *body, {"title", "bring", "fee", "deadline", "hours", "note"}, where);
        ItemText text;
        text.title = get_string(source, *body, "title", Need::Optional, where).value_or("");
        text.bring = get_string_array(source, *body, "bring", Need::Optional, where)
                         .value_or(std::vector<std::string>{});
        text.fee = get_string(source, *body, "fee", Need::Optional, where).value_or("");
        text.deadline = get_string(source, *body, "deadline", Need::Optional, where).value_or("");
        text.hours = get_string(source, *body, "hours", Need::Optional, where).value_or("");
        text.note = get_string(source, *body, "note", Need::Optional, where).value_or("");
        words.items.emplace(id, std::move(text));
    }
    for (const ChecklistItem& item : flow.items) {
        if (item.id.empty()) continue; // reported in flow.toml
        auto found = words.items.find(item.id);
        if (found != words.items.end() &&
            found->second.title.find_first_not_of(" \t\r\n") != std::string::npos)
            continue;
        const int line =
            found == words.items.end() ? source.line(items) : line_of(source, items, item.id);
        report_missing(source, line, falls_back_to, locale, "the title of item " + quote(item.id),
                       "add [item." + item.id + "] title = \"...\"");
    }
}

} // namespace

std::optional<ProcedureText> parse_procedure_text(std::string_view text, const std::string& file,
                                                  const Procedure& flow, std::string_view locale,
                                                  const std::string* falls_back_to,
                                                  LoadReport& report) {
    const TomlSource source{file, 1, &report};
    auto table = parse_toml(text, source);
    if (!table) return std::nullopt;
    const std::string where = "in " + std::string(locale) + ".toml";
    check_keys(source, *table, {"title", "intro", "question", "item"}, where);

    ProcedureText words;
    words.title = get_short_text(source, *table, "title", Need::Required, where).value_or("");
    words.intro = get_string(source, *table, "intro", Need::Optional, where).value_or("");
    static const toml::table empty;
    const toml::table* questions = get_table(source, *table, "question", Need::Optional, where);
    read_question_text(source, questions ? *questions : empty, flow, locale, falls_back_to, words);
    const toml::table* items = get_table(source, *table, "item", Need::Optional, where);
    read_item_text(source, items ? *items : empty, flow, locale, falls_back_to, words);
    return words;
}

} // namespace kiosk::content
