#pragma once
// Result<T>: a value or an Error, in the spirit of std::expected (C++23) and SerenityOS's
// ErrorOr. Errors never cross module lines as exceptions.

#include <string>
#include <utility>
#include <variant>

namespace kiosk {

struct Error {
    std::string file; // empty when no file is at fault
    int line = 0;     // 0 when unknown
    std::string message;

    // "file:line: message", "file: message" or "message".
    std::string describe() const;
};

inline Error make_error(std::string message) {
    return Error{{}, 0, std::move(message)};
}
inline Error make_error(std::string file, int line, std::string message) {
    return Error{std::move(file), line, std::move(message)};
}

template <typename T> class [[nodiscard]] Result {
  public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_state); }

  private:
    std::variant<T, Error> m_state;
};

struct Ok {};

// Result<void>-like: success carries nothing.
using Status = Result<Ok>;

} // namespace kiosk
