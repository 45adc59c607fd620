// Sync over https with a city CA: a real nginx with a certificate made here by a test CA
// (tests/support/test_certificates.h). With --ca the certificate verifies; without it (the
// system's CAs), or for a certificate naming another host, the sync is refused and the active
// version stays.

#include "../support/nginx_server.h"
#include "../support/test_certificates.h"
#include "bundle_test_support.h"
#include "player/bundle/bundle_builder.h"
#include "player/bundle/bundle_publisher.h"
#include "player/bundle/bundle_store.h"
#include "player/sync/sync_client.h"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::bundle::test;

namespace {

// ca.pem/ca.key (once), and NAME.pem/NAME.key for a server at `ip`, signed by the CA.
void make_certificates(const fs::path& dir, const std::string& name, const std::string& ip) {
    std::string error;
    REQUIRE_MESSAGE(test::make_test_ca(dir, &error), error);
    REQUIRE_MESSAGE(test::make_test_certificate(dir, name, {"IP:" + ip}, &error), error);
}

} // namespace

TEST_CASE("sync: https with a city CA verifies; without it or for another host, refused") {
    TempDir temp;
    make_certificates(temp.path(), "server", "127.0.0.1");
    make_certificates(temp.path(), "elsewhere", "127.0.0.2");
    make_authored_bundle(temp / "ward");
    REQUIRE(bundle::build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp).ok());
    REQUIRE(bundle::generate_key_files(temp / "city").ok());
    auto secret = bundle::read_secret_key(temp / "city.key");
    auto key = bundle::read_public_key(temp / "city.pub");
    REQUIRE(bundle::sign_built_bundle(temp / "out", *secret).ok());
    REQUIRE(bundle::publish_bundle(temp / "out", temp / "docroot").ok());

    std::string error;
    test::NginxOptions options{temp / "docroot", 0, {}, temp / "server.pem", temp / "server.key"};
    auto server = test::NginxServer::start(options, &error);
    REQUIRE_MESSAGE(server, error);
    REQUIRE(server->url("/").starts_with("https://"));

    sync::SyncConfig config;
    config.url = server->url("/");
    config.store = temp / "store";
    config.keys = {*key};
    config.http.stall_timeout_s = 10;
    // The system's CAs do not know the city's: refused, nothing activated.
    auto untrusted = sync::sync_once(config, nullptr, 1800000000);
    CHECK(untrusted.result == sync::SyncResult::Failed);
    CHECK(untrusted.message.find("certificate") != std::string::npos);
    CHECK(untrusted.version.empty());

    config.http.ca_file = (temp / "ca.pem").string();
    auto trusted = sync::sync_once(config, nullptr, 1800000000);
    REQUIRE_MESSAGE(trusted.result == sync::SyncResult::Activated, trusted.message);

    // The right CA, but a certificate for another address: refused, the version stays.
    server.reset();
    options.tls_certificate = temp / "elsewhere.pem";
    options.tls_key = temp / "elsewhere.key";
    write_file(temp / "docroot/manifest.json", read_file(temp / "docroot/manifest.json") + " ");
    auto impostor = test::NginxServer::start(options, &error);
    REQUIRE_MESSAGE(impostor, error);
    config.url = impostor->url("/");
    auto wrong_host = sync::sync_once(config, nullptr, 1800000000);
    CHECK(wrong_host.result == sync::SyncResult::Failed);
    CHECK(wrong_host.version == trusted.version);
}
