#include "player/bundle/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiosk::bundle {

namespace {

// Closes the descriptor on every path out of write_whole_file.
struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor() {
        if (fd >= 0) ::close(fd);
    }
};

Error errno_error(const std::filesystem::path& path, const char* what) {
    return make_error(path.string(), 0, std::string(what) + ": " + std::strerror(errno));
}

} // namespace

Result<std::string> read_file(const std::filesystem::path& path, uint64_t max_bytes,
                              Symlinks symlinks) {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
    if (symlinks == Symlinks::Refuse) flags |= O_NOFOLLOW;
    FileDescriptor file{::open(path.c_str(), flags)};
    if (file.fd < 0) {
        if (errno == ELOOP && symlinks == Symlinks::Refuse)
            return make_error(path.string(), 0,
                              "is a symlink; a built bundle is read only through regular files "
                              "inside it (rebuild it with kiosk bundle build)");
        if (errno == ENOENT) return make_error(path.string(), 0, "no such file");
        return errno_error(path, "cannot open");
    }
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) return errno_error(path, "cannot stat");
    if (S_ISDIR(info.st_mode))
        return make_error(path.string(), 0, "is a folder where a file belongs");
    if (!S_ISREG(info.st_mode))
        return make_error(path.string(), 0,
                          "is not a regular file (a pipe, socket or device); refusing to read it");
    if (static_cast<uint64_t>(info.st_size) > max_bytes)
        return make_error(path.string(), 0,
                          "is " + describe_bytes(static_cast<uint64_t>(info.st_size)) +
                              ", more than the limit of " + describe_bytes(max_bytes));
    // Back to blocking reads: a regular file never blocks, and EAGAIN loops are not needed.
    ::fcntl(file.fd, F_SETFL, ::fcntl(file.fd, F_GETFL) & ~O_NONBLOCK);
    std::string bytes;
    bytes.reserve(static_cast<size_t>(info.st_size));
    char buffer[64 * 1024];
    for (;;) {
        ssize_t count = ::read(file.fd, buffer, sizeof buffer);
        if (count < 0) {
            if (errno == EINTR) continue;
            return errno_error(path, "read error");
        }
        if (count == 0) break;
        bytes.append(buffer, static_cast<size_t>(count));
        // The file may grow while it is read; the limit holds for what is read, too.
        if (bytes.size() > max_bytes)
            return make_error(path.string(), 0,
                              "grew past the limit of " + describe_bytes(max_bytes) +
                                  " while being read");
    }
    return bytes;
}

Status write_whole_file(const std::filesystem::path& path, std::string_view bytes, unsigned mode) {
    FileDescriptor file{
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode))};
    if (file.fd < 0) return errno_error(path, "cannot create");
    // O_CREAT's mode only applies to new files; a secret key must not keep an old file's
    // wider permissions.
    if (::fchmod(file.fd, static_cast<mode_t>(mode)) != 0)
        return errno_error(path, "cannot set permissions");
    size_t written = 0;
    while (written < bytes.size()) {
        ssize_t count = ::write(file.fd, bytes.data() + written, bytes.size() - written);
        if (count < 0) {
            if (errno == EINTR) continue;
            return errno_error(path, "write error");
        }
        written += static_cast<size_t>(count);
    }
    int fd = file.fd;
    file.fd = -1;
    if (::close(fd) != 0) return errno_error(path, "write error on close");
    return Ok{};
}

Status sync_path(const std::filesystem::path& path) {
    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) return errno_error(path, "cannot open to flush");
    if (::fsync(file.fd) != 0) return errno_error(path, "cannot flush to disk");
    return Ok{};
}

Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             unsigned mode) {
    std::filesystem::path temporary = path;
    temporary += ".tmp-" + std::to_string(::getpid());
    if (Status ok = write_whole_file(temporary, bytes, mode); !ok) return ok;
    if (Status ok = sync_path(temporary); !ok) return ok;
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        Status failed = errno_error(path, "cannot replace");
        ::unlink(temporary.c_str());
        return failed;
    }
    std::filesystem::path folder = path.parent_path();
    return sync_path(folder.empty() ? std::filesystem::path(".") : folder);
}

} // namespace kiosk::bundle
