// The nginx fixture the sync tests stand on (tests/support/nginx_server.h): each feature the
// sync client will rely on is checked here against the real server through libcurl, so a
// sync test that fails points at the client, not at the fixture.

#include "../support/nginx_server.h"

#include <doctest/doctest.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <curl/curl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using kiosk::test::AccessLogEntry;
using kiosk::test::NginxOptions;
using kiosk::test::NginxServer;
using kiosk::test::SilentServer;

// A docroot of its own per test, removed at scope end.
class Docroot {
  public:
    Docroot() {
        std::string pattern = (fs::temp_directory_path() / "kiosk-docroot-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr); // 0700: nginx must read it anyway
        m_path = pattern;
    }
    ~Docroot() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    Docroot(const Docroot&) = delete;
    Docroot& operator=(const Docroot&) = delete;

    const fs::path& path() const { return m_path; }
    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream(m_path / name, std::ios::binary | std::ios::trunc) << bytes;
    }

  private:
    fs::path m_path;
};

NginxOptions serving(const Docroot& docroot) {
    NginxOptions options;
    options.docroot = docroot.path();
    return options;
}

// nginx is installed by scripts/setup.sh, in CI too: without it these tests fail.
std::unique_ptr<NginxServer> start_nginx(const NginxOptions& options) {
    std::string error;
    auto server = NginxServer::start(options, &error);
    if (!server) {
        MESSAGE(error);
        FAIL("the nginx fixture did not start (apt-get install nginx-light, or run "
             "scripts/setup.sh): "
             << error);
    }
    return server;
}

struct Response {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers; // names lower-cased
    curl_off_t connect_time_us = 0;
};

struct Request {
    std::string url;
    std::vector<std::string> headers;
    std::string post_body; // POST when not empty
    long timeout_ms = 20000;
    long low_speed_limit = 0; // bytes/s; abort when slower for low_speed_time_s
    long low_speed_time_s = 0;
};

size_t append_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t collect_header(char* data, size_t size, size_t count, void* user) {
    std::string line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        value.erase(value.find_last_not_of(" \t\r\n") + 1);
        (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
    }
    return size * count;
}

Response perform(const Request& request) {
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    REQUIRE(initialised);
    Response response;
    CURL* curl = curl_easy_init();
    REQUIRE(curl != nullptr);
    curl_slist* headers = nullptr;
    for (const auto& header : request.headers)
        headers = curl_slist_append(headers, header.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROXY, ""); // never through an http_proxy of the machine
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    if (!request.post_body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.post_body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.post_body.size()));
    }
    if (request.low_speed_limit > 0) {
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, request.low_speed_limit);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, request.low_speed_time_s);
    }
    response.code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &response.connect_time_us);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return response;
}

Response get(const std::string& url, std::vector<std::string> headers = {}) {
    Request request;
    request.url = url;
    request.headers = std::move(headers);
    return perform(request);
}

std::string pattern_bytes(size_t size) {
    std::string bytes(size, '\0');
    for (size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<char>('a' + i % 26);
    return bytes;
}

} // namespace

TEST_CASE("nginx fixture: serves a file, then 304 for its ETag, both in the access log") {
    Docroot docroot;
    docroot.write("manifest.json", R"({"version": "2026.01.02-1"})");
    auto server = start_nginx(serving(docroot));
    REQUIRE(server);
    CHECK(server->url("/manifest.json") ==
          "http://127.0.0.1:" + std::to_string(server->port()) + "/manifest.json");

    Response first = get(server->url("/manifest.json"));
    REQUIRE(first.code == CURLE_OK);
    CHECK(first.status == 200);
    CHECK(first.body == R"({"version": "2026.01.02-1"})");
    CHECK(first.headers["content-type"] == "application/json");
    const std::string etag = first.headers["etag"];
    REQUIRE(!etag.empty());

    Response second = get(server->url("/manifest.json"), {"If-None-Match: " + etag});
    REQUIRE(second.code == CURLE_OK);
    CHECK(second.status == 304);
    CHECK(second.body.empty());

    std::vector<AccessLogEntry> log = server->access_log(2);
    REQUIRE(log.size() == 2);
    CHECK(log[0].method == "GET");
    CHECK(log[0].uri == "/manifest.json");
    CHECK(log[0].status == 200);
    CHECK(log[0].body_bytes == first.body.size());
    CHECK(log[0].bytes_sent > log[0].body_bytes);
    CHECK(log[0].if_none_match.empty());
    CHECK(log[1].status == 304);
    CHECK(log[1].body_bytes == 0);
    CHECK(log[1].if_none_match == etag); // quotes and all, unescaped from \x22

    server->clear_access_log();
    CHECK(server->access_log().empty());
    Response third = get(server->url("/missing.bin"));
    CHECK(third.status == 404);
    log = server->access_log(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].uri == "/missing.bin");
    CHECK(log[0].status == 404);
}

TEST_CASE("nginx fixture: a Range request gets 206 and the bytes from the offset") {
    Docroot docroot;
    const std::string blob = pattern_bytes(1000);
    docroot.write("blob.bin", blob);
    auto server = start_nginx(serving(docroot));
    REQUIRE(server);

    Response partial = get(server->url("/blob.bin"), {"Range: bytes=5-"});
    REQUIRE(partial.code == CURLE_OK);
    CHECK(partial.status == 206);
    CHECK(partial.body == blob.substr(5));
    CHECK(partial.headers["content-range"] == "bytes 5-999/1000");

    std::vector<AccessLogEntry> log = server->access_log(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].range == "bytes=5-");
    CHECK(log[0].status == 206);
    CHECK(log[0].body_bytes == 995);
}

TEST_CASE("nginx fixture: fail_paths answer 500 and 503 with Retry-After instead of the file") {
    Docroot docroot;
    docroot.write("manifest.json", "{}");
    docroot.write("bundle.bin", "bundle");
    docroot.write("ok.json", "{}");
    NginxOptions options = serving(docroot);
    options.fail_paths = {{"/manifest.json", 500}, {"/bundle.bin", 503}};
    auto server = start_nginx(options);
    REQUIRE(server);

    Response failed = get(server->url("/manifest.json"));
    CHECK(failed.status == 500);
    CHECK(failed.headers.count("retry-after") == 0);
    Response busy = get(server->url("/bundle.bin"));
    CHECK(busy.status == 503);
    CHECK(busy.headers["retry-after"] == "7");
    Response fine = get(server->url("/ok.json"));
    CHECK(fine.status == 200);
    CHECK(fine.body == "{}");
}

TEST_CASE("nginx fixture: limit_rate makes a 64 KiB download too slow for a low-speed limit") {
    Docroot docroot;
    docroot.write("blob.bin", pattern_bytes(64 * 1024));
    Request request;
    request.low_speed_limit = 16 * 1024; // 4x the rate below
    request.low_speed_time_s = 1;

    // Control: the same request completes when nginx is not throttled.
    {
        auto unlimited = start_nginx(serving(docroot));
        REQUIRE(unlimited);
        request.url = unlimited->url("/blob.bin");
        Response whole = perform(request);
        CHECK(whole.code == CURLE_OK);
        CHECK(whole.body.size() == 64 * 1024);
    }

    NginxOptions options = serving(docroot);
    options.limit_rate_bytes_per_s = 4096; // 16 s for the whole file
    auto slow = start_nginx(options);
    REQUIRE(slow);
    request.url = slow->url("/blob.bin");
    Response cut = perform(request);
    CHECK(cut.code == CURLE_OPERATION_TIMEDOUT);
    CHECK(cut.status == 200);
    CHECK(cut.body.size() < 64 * 1024);

    std::vector<AccessLogEntry> log = slow->access_log(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].status == 200);
    CHECK(log[0].body_bytes < 64 * 1024); // nginx saw the client hang up mid-body
}

TEST_CASE("nginx fixture: POSTs to /heartbeat get 204 and their bodies are kept") {
    Docroot docroot;
    auto server = start_nginx(serving(docroot));
    REQUIRE(server);
    CHECK(server->heartbeat_bodies().empty());

    const std::vector<std::string> bodies = {R"({"terminal": "t1", "bundle": "a"})",
                                             R"({"terminal": "t1", "bundle": "b"})"};
    for (const auto& body : bodies) {
        Request request;
        request.url = server->url("/heartbeat");
        request.headers = {"Content-Type: application/json"};
        request.post_body = body;
        Response response = perform(request);
        REQUIRE(response.code == CURLE_OK);
        CHECK(response.status == 204);
    }
    CHECK(server->heartbeat_bodies() == bodies);

    // Only the client's requests are logged, not the proxying nginx does to itself.
    std::vector<AccessLogEntry> log = server->access_log(2);
    REQUIRE(log.size() == 2);
    for (const auto& entry : log) {
        CHECK(entry.method == "POST");
        CHECK(entry.uri == "/heartbeat");
        CHECK(entry.status == 204);
    }
}

TEST_CASE("nginx fixture: a silent server makes a request time out") {
    std::string error;
    auto server = SilentServer::start(&error);
    REQUIRE_MESSAGE(server, error);

    Request request;
    request.url = server->url("/manifest.json");
    request.timeout_ms = 1500;
    Response response = perform(request);
    CHECK(response.code == CURLE_OPERATION_TIMEDOUT);
    CHECK(response.status == 0);
    CHECK(response.connect_time_us > 0); // connected: not refused, just never answered
}

TEST_CASE("nginx fixture: the destructor stops nginx and removes its folder") {
    Docroot docroot;
    auto server = start_nginx(serving(docroot));
    REQUIRE(server);
    const pid_t pid = server->pid();
    REQUIRE(pid > 0);
    REQUIRE(::kill(pid, 0) == 0);

    // nginx was started with `-p <its folder>/`: find that folder from its command line.
    std::ifstream cmdline_file("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::vector<std::string> args;
    for (std::string arg; std::getline(cmdline_file, arg, '\0');)
        args.push_back(arg);
    REQUIRE(args.size() >= 3);
    CHECK(args[0] == kiosk::test::kNginxBinary);
    REQUIRE(args[1] == "-p");
    const fs::path folder = args[2];
    CHECK(fs::exists(folder / "nginx.conf"));

    server.reset();
    errno = 0;
    CHECK(::kill(pid, 0) == -1);
    CHECK(errno == ESRCH);
    CHECK_FALSE(fs::exists(folder));
}

TEST_CASE("nginx fixture: a configuration nginx rejects fails with its error log") {
    Docroot docroot;
    NginxOptions options = serving(docroot);
    options.fail_paths = {{"/manifest.json", 1000}}; // nginx: "invalid return code"
    std::string error;
    auto server = NginxServer::start(options, &error);
    CHECK(server == nullptr);
    MESSAGE(error);
    // From nginx's own error.log, not only from its stderr.
    const auto log_start = error.find("--- error.log ---");
    REQUIRE(log_start != std::string::npos);
    CHECK(error.find("invalid return code", log_start) <
          error.find("--- nginx stdout/stderr ---", log_start));

    options.fail_paths = {{"manifest.json; root /", 500}};
    CHECK(NginxServer::start(options, &error) == nullptr);
    CHECK(error.find("fail_paths") != std::string::npos);
}
