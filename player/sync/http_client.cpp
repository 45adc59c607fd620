#include "player/sync/http_client.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

namespace kiosk::sync {

namespace {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
    void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Multi = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;

void ensure_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// curl_slist_append returns the list's head, or null (leaving the list as it was).
void add_header(HeaderList& list, const std::string& header) {
    if (curl_slist* head = curl_slist_append(list.get(), header.c_str())) {
        (void)list.release();
        list.reset(head);
    }
}

// Headers we read from every response. A redirect or a 100 Continue starts a new header
// block; only the last one counts.
struct Headers {
    std::string etag, last_modified;
};

std::string trimmed(std::string_view text) {
    size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t'))
        ++begin;
    while (end > begin && (text[end - 1] == '\r' || text[end - 1] == '\n' || text[end - 1] == ' ' ||
                           text[end - 1] == '\t'))
        --end;
    return std::string(text.substr(begin, end - begin));
}

bool header_is(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':') return false;
    for (size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
    return true;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* headers = static_cast<Headers*>(user);
    const std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) *headers = Headers{};
    if (line.size() > 1024) return size * count; // not one of ours; never copy it whole
    if (header_is(line, "etag")) headers->etag = trimmed(line.substr(5));
    if (header_is(line, "last-modified")) headers->last_modified = trimmed(line.substr(14));
    return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel->load() ? 1 : 0; // non-zero aborts with CURLE_ABORTED_BY_CALLBACK
}

// Everything a transfer of ours sets, whatever it fetches.
void set_common(CURL* handle, const std::string& url, const HttpOptions& options,
                Headers* headers) {
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L); // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
    // "Stalled": under 1 byte/s for the whole stall time.
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, options.stall_timeout_s);
    if (options.total_timeout_s > 0)
        curl_easy_setopt(handle, CURLOPT_TIMEOUT, options.total_timeout_s);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "kiosk-sync/1");
    curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, nullptr); // blobs are hashed as sent
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, headers);
    if (options.cancel) {
        curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(handle, CURLOPT_XFERINFODATA, options.cancel);
    }
}

long retry_after(CURL* handle) {
    curl_off_t seconds = -1;
    if (curl_easy_getinfo(handle, CURLINFO_RETRY_AFTER, &seconds) != CURLE_OK || seconds <= 0)
        return -1;
    return static_cast<long>(std::min<curl_off_t>(seconds, 86400));
}

uint64_t received(CURL* handle) {
    long header_bytes = 0;
    curl_off_t body_bytes = 0;
    curl_easy_getinfo(handle, CURLINFO_HEADER_SIZE, &header_bytes);
    curl_easy_getinfo(handle, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes);
    return static_cast<uint64_t>(header_bytes) + static_cast<uint64_t>(body_bytes);
}

std::string transport_error(const std::string& url, CURLcode code, const char* detail) {
    std::string message = url + ": " + curl_easy_strerror(code);
    if (detail && *detail) message += std::string(" (") + detail + ")";
    return message;
}

struct MemoryBody {
    std::string bytes;
    uint64_t max_bytes = 0;
    bool too_large = false;
};

size_t on_memory_body(char* data, size_t size, size_t count, void* user) {
    auto* body = static_cast<MemoryBody*>(user);
    const size_t n = size * count;
    if (body->bytes.size() + n > body->max_bytes) {
        body->too_large = true;
        return 0; // aborts the transfer
    }
    body->bytes.append(data, n);
    return n;
}

Result<HttpResponse> perform_in_memory(CURL* handle, const std::string& url, uint64_t max_bytes,
                                       Headers& headers) {
    MemoryBody body;
    body.max_bytes = max_bytes;
    char detail[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_memory_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
    const CURLcode code = curl_easy_perform(handle);
    if (body.too_large || code == CURLE_FILESIZE_EXCEEDED)
        return make_error(url + ": larger than the limit of " + std::to_string(max_bytes) +
                          " bytes; refused");
    if (code != CURLE_OK) return make_error(transport_error(url, code, detail));
    HttpResponse response;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
    response.body = std::move(body.bytes);
    response.etag = headers.etag;
    response.last_modified = headers.last_modified;
    response.retry_after_s = retry_after(handle);
    response.received_bytes = received(handle);
    return response;
}

// One blob download in flight: the file it writes and what has arrived.
struct FileTransfer {
    const Download* download = nullptr;
    DownloadResult* result = nullptr;
    Easy handle;
    Headers headers;
    int fd = -1;
    uint64_t offset = 0;  // bytes in the file before this transfer
    uint64_t written = 0; // bytes this transfer wrote
    bool checked_status = false;
    bool ranged = false; // asked for a Range
    std::string failure; // set by the write callback when it aborts
    char detail[CURL_ERROR_SIZE] = {};

    ~FileTransfer() {
        if (fd >= 0) ::close(fd);
    }
};

size_t on_file_body(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<FileTransfer*>(user);
    const size_t n = size * count;
    if (!transfer->checked_status) {
        transfer->checked_status = true;
        long status = 0;
        curl_easy_getinfo(transfer->handle.get(), CURLINFO_RESPONSE_CODE, &status);
        if (status == 206 && transfer->ranged) {
            transfer->result->resumed = true;
        } else if (status == 200) {
            // The whole blob again (the server ignored or refused the Range): start over.
            if (::ftruncate(transfer->fd, 0) != 0 || ::lseek(transfer->fd, 0, SEEK_SET) < 0) {
                transfer->failure = transfer->download->file.string() +
                                    ": cannot truncate: " + std::strerror(errno);
                return 0;
            }
            transfer->offset = 0;
        } else {
            return n; // an error page: read and drop it, the status says what went wrong
        }
    }
    long status = 0;
    curl_easy_getinfo(transfer->handle.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status != 200 && status != 206) return n;
    if (transfer->offset + transfer->written + n > transfer->download->size) {
        transfer->failure = transfer->download->url + ": larger than the " +
                            std::to_string(transfer->download->size) +
                            " bytes the manifest declares; aborted";
        // Not the blob the manifest lists: resuming from these bytes would only fail again.
        (void)::ftruncate(transfer->fd, 0);
        return 0;
    }
    size_t done = 0;
    while (done < n) {
        ssize_t count_written = ::write(transfer->fd, data + done, n - done);
        if (count_written < 0) {
            if (errno == EINTR) continue;
            transfer->failure = transfer->download->file.string() +
                                ": write error: " + std::strerror(errno) +
                                (errno == ENOSPC || errno == EFBIG ? " (disk full)" : "");
            return 0;
        }
        done += static_cast<size_t>(count_written);
    }
    transfer->written += n;
    return n;
}

// Opens the file and configures the transfer. False when there is nothing to transfer:
// the file is complete already, or it cannot be opened (then result->status says so).
bool start_transfer(FileTransfer& transfer, const HttpOptions& options) {
    const Download& download = *transfer.download;
    transfer.fd = ::open(download.file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (transfer.fd < 0) {
        transfer.result->status = make_error(download.file.string(), 0,
                                             std::string("cannot create: ") + std::strerror(errno));
        return false;
    }
    struct stat info {};
    ::fstat(transfer.fd, &info);
    transfer.offset = static_cast<uint64_t>(info.st_size);
    if (transfer.offset > download.size) { // not ours, or damaged: start over
        if (::ftruncate(transfer.fd, 0) != 0) {
            transfer.result->status = make_error(download.file.string(), 0, "cannot truncate");
            return false;
        }
        transfer.offset = 0;
    }
    if (transfer.offset == download.size) return false; // complete already: nothing to fetch
    transfer.handle.reset(curl_easy_init());
    CURL* handle = transfer.handle.get();
    set_common(handle, download.url, options, &transfer.headers);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, transfer.detail);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_file_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_PRIVATE, &transfer);
    if (transfer.offset > 0) {
        transfer.ranged = true;
        curl_easy_setopt(handle, CURLOPT_RESUME_FROM_LARGE,
                         static_cast<curl_off_t>(transfer.offset));
    }
    return true;
}

void finish_transfer(FileTransfer& transfer, CURLcode code) {
    DownloadResult& result = *transfer.result;
    CURL* handle = transfer.handle.get();
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result.http_status);
    result.retry_after_s = retry_after(handle);
    result.received_bytes = received(handle);
    const std::string& url = transfer.download->url;
    if (!transfer.failure.empty()) {
        result.status = make_error(transfer.failure);
    } else if (code == CURLE_RANGE_ERROR || result.http_status == 416) {
        // The partial file does not fit the blob on the server: start over next time.
        (void)::ftruncate(transfer.fd, 0);
        result.status = make_error(url + ": the server refused to resume; restarting the blob");
    } else if (code != CURLE_OK) {
        result.status = make_error(transport_error(url, code, transfer.detail));
    } else if (result.http_status != 200 && result.http_status != 206) {
        result.status = make_error(url + ": HTTP " + std::to_string(result.http_status));
    } else if (transfer.offset + transfer.written != transfer.download->size) {
        result.status =
            make_error(url + ": got " + std::to_string(transfer.offset + transfer.written) +
                       " bytes, the manifest declares " + std::to_string(transfer.download->size));
        // The whole answer arrived and is short: the server's blob is wrong, so these bytes
        // are no prefix to resume from.
        (void)::ftruncate(transfer.fd, 0);
    } else if (::fsync(transfer.fd) != 0) {
        result.status = make_error(transfer.download->file.string() +
                                   ": cannot flush: " + std::strerror(errno));
    }
    ::close(transfer.fd);
    transfer.fd = -1;
}

} // namespace

Result<HttpResponse> http_get(const std::string& url, uint64_t max_bytes,
                              const HttpOptions& options, const std::string& if_none_match,
                              const std::string& if_modified_since) {
    ensure_curl();
    Easy handle(curl_easy_init());
    if (!handle) return make_error("cannot start an HTTP transfer (libcurl)");
    Headers headers;
    set_common(handle.get(), url, options, &headers);
    HeaderList request_headers;
    if (!if_none_match.empty())
        add_header(request_headers, "If-None-Match: " + if_none_match);
    else if (!if_modified_since.empty())
        add_header(request_headers, "If-Modified-Since: " + if_modified_since);
    if (request_headers) curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, request_headers.get());
    // Small documents (the manifest) may come compressed: curl decodes, and the size cap
    // counts decoded bytes, so a compression bomb is cut off at max_bytes like anything.
    curl_easy_setopt(handle.get(), CURLOPT_ACCEPT_ENCODING, "");
    return perform_in_memory(handle.get(), url, max_bytes, headers);
}

Result<std::string> resolve_url(const std::string& base, const std::string& reference) {
    ensure_curl();
    const std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), curl_url_cleanup);
    if (!url) return make_error("cannot resolve " + reference + ": out of memory");
    if (CURLUcode code = curl_url_set(url.get(), CURLUPART_URL, base.c_str(), 0))
        return make_error(base + ": not a URL (" + curl_url_strerror(code) + ")");
    // A handle that holds a URL takes a relative one as relative to it (curl_url_set(3)).
    if (CURLUcode code = curl_url_set(url.get(), CURLUPART_URL, reference.c_str(), 0))
        return make_error(reference + ": not a URL (" + curl_url_strerror(code) + ")");
    char* scheme = nullptr;
    char* resolved = nullptr;
    curl_url_get(url.get(), CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(url.get(), CURLUPART_URL, &resolved, 0);
    const std::string scheme_text = scheme ? scheme : "";
    std::string result = resolved ? resolved : "";
    curl_free(scheme);
    curl_free(resolved);
    if (scheme_text != "http" && scheme_text != "https")
        return make_error(reference + ": only http and https URLs are fetched");
    if (result.empty()) return make_error("cannot resolve " + reference + " against " + base);
    return result;
}

Result<HttpResponse> http_post_json(const std::string& url, const std::string& body,
                                    const HttpOptions& options) {
    ensure_curl();
    Easy handle(curl_easy_init());
    if (!handle) return make_error("cannot start an HTTP transfer (libcurl)");
    Headers headers;
    set_common(handle.get(), url, options, &headers);
    HeaderList request_headers;
    add_header(request_headers, "Content-Type: application/json");
    curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, request_headers.get());
    curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body.size()));
    return perform_in_memory(handle.get(), url, 4096, headers);
}

std::vector<DownloadResult> download_all(const std::vector<Download>& downloads, size_t parallel,
                                         const HttpOptions& options) {
    ensure_curl();
    std::vector<DownloadResult> results(downloads.size());
    std::vector<std::unique_ptr<FileTransfer>> transfers(downloads.size());
    Multi multi(curl_multi_init());
    if (!multi) {
        for (auto& result : results)
            result.status = make_error("cannot start HTTP (libcurl)");
        return results;
    }
    parallel = std::clamp<size_t>(parallel, 1, 16);
    // One connection per transfer at most, and reuse: a blob-at-a-time server sees
    // `parallel` keep-alive connections, not one per blob.
    curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(parallel));
    size_t next = 0, running = 0;
    auto start_more = [&] {
        while (running < parallel && next < downloads.size()) {
            const size_t index = next++;
            auto transfer = std::make_unique<FileTransfer>();
            transfer->download = &downloads[index];
            transfer->result = &results[index];
            if (!start_transfer(*transfer, options)) continue;
            curl_multi_add_handle(multi.get(), transfer->handle.get());
            transfers[index] = std::move(transfer);
            ++running;
        }
    };
    start_more();
    while (running > 0) {
        int still_running = 0;
        if (curl_multi_perform(multi.get(), &still_running) != CURLM_OK) break;
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            FileTransfer* transfer = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
            finish_transfer(*transfer, message->data.result);
            curl_multi_remove_handle(multi.get(), message->easy_handle);
            transfer->handle.reset();
            --running;
        }
        start_more();
        if (running > 0) curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr);
    }
    for (size_t i = 0; i < transfers.size(); ++i)
        if (transfers[i] && transfers[i]->handle) { // the multi loop broke off
            curl_multi_remove_handle(multi.get(), transfers[i]->handle.get());
            results[i].status = make_error(downloads[i].url + ": transfer aborted");
        }
    return results;
}

} // namespace kiosk::sync
