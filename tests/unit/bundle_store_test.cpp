// BundleStore without any network: versions built, signed and adopted blob by blob as sync
// would, then activation, the recorded sequence, pruning, rollback and start-up recovery
// from each kind of damage (store_layout.h, bundle_store.h).

#include "sync_test_support.h"

#include <doctest/doctest.h>

#include <set>

using namespace kiosk;
using namespace kiosk::bundle;
using namespace kiosk::sync::test;
namespace bt = kiosk::bundle::test;

namespace {

// A store in a TempDir and the releases added to it, each with its own English page so
// every version has one blob of its own.
struct StoreFixture {
    TempDir temp;
    TestKey key;
    fs::path store_dir = temp / "store";
    BundleStore store = open_store(store_dir);

    static BundleStore open_store(const fs::path& dir) {
        auto store = BundleStore::open(dir);
        REQUIRE(store.ok());
        return *store;
    }

    Release release(uint64_t sequence, const TestKey* signer = nullptr) {
        return build_release(temp / "work", signer ? *signer : key, sequence, future_expiry(),
                             change_english_page("Release " + std::to_string(sequence)));
    }

    // What sync does with a release once its blobs are downloaded: adopt them, add it.
    std::string add(const Release& release, std::string_view skip_path = "") {
        for (const FileEntry& file : release.manifest.files) {
            if (file.path == skip_path || store.has_blob(file.sha256, file.size)) continue;
            const fs::path partial = store.partial_path(file.sha256);
            fs::copy_file(release.out / "blobs" / file.sha256, partial,
                          fs::copy_options::overwrite_existing);
            auto adopted = store.adopt_blob(partial, file);
            REQUIRE_MESSAGE(adopted.ok(), adopted.error().describe());
        }
        REQUIRE(store.flush_blobs().ok());
        auto name = store.add_version(
            release.manifest_bytes, bt::read_file(release.out / "manifest.sig"), release.manifest);
        REQUIRE_MESSAGE(name.ok(), name.error().describe());
        return *name;
    }

    std::string add_and_activate(const Release& release) {
        std::string name = add(release);
        auto activated = store.activate(name);
        REQUIRE_MESSAGE(activated.ok(), activated.error().describe());
        return name;
    }

    std::string active() const { return active_name(store_dir); }
    std::string sequence_file() const { return bt::read_file(store_dir / kStoreSequence); }
    fs::path current_target() const { return fs::read_symlink(store_dir / kStoreCurrent); }
    std::vector<PublicKey> keys() const { return {key.public_key()}; }

    std::set<std::string> version_dirs() const {
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(store_dir / kStoreVersions))
            names.insert(entry.path().filename().string());
        return names;
    }
};

// Overwrites a file with other bytes of the same size.
void corrupt(const fs::path& file) {
    std::string bytes = bt::read_file(file);
    REQUIRE_FALSE(bytes.empty());
    for (char& c : bytes)
        c = static_cast<char>(c ^ 0x5a);
    bt::write_file(file, bytes);
}

} // namespace

TEST_CASE("store: add_version refuses a version whose blob is missing") {
    StoreFixture f;
    Release release = f.release(10);
    const FileEntry& skipped = release.entry("pages/moving-in/en.md");
    auto name = [&] {
        for (const FileEntry& file : release.manifest.files) {
            if (file.sha256 == skipped.sha256 || f.store.has_blob(file.sha256, file.size)) continue;
            fs::copy_file(release.out / "blobs" / file.sha256, f.store.partial_path(file.sha256));
            REQUIRE(f.store.adopt_blob(f.store.partial_path(file.sha256), file).ok());
        }
        return f.store.add_version(release.manifest_bytes,
                                   bt::read_file(release.out / "manifest.sig"), release.manifest);
    }();
    REQUIRE_FALSE(name.ok());
    CHECK(name.error().describe().find(skipped.sha256) != std::string::npos);
    CHECK(name.error().describe().find("missing") != std::string::npos);
    CHECK(f.version_dirs().empty()); // not even a staging folder is left
    CHECK(f.active().empty());
}

TEST_CASE("store: adopt_blob refuses wrong bytes and deletes them") {
    StoreFixture f;
    Release release = f.release(10);
    const FileEntry& entry = release.entry("bundle.toml");
    const fs::path partial = f.store.partial_path(entry.sha256);
    fs::copy_file(release.out / "blobs" / entry.sha256, partial);
    corrupt(partial);
    auto adopted = f.store.adopt_blob(partial, entry);
    REQUIRE_FALSE(adopted.ok());
    CHECK(adopted.error().describe().find("SHA-256") != std::string::npos);
    CHECK_FALSE(fs::exists(partial));
    CHECK_FALSE(fs::exists(f.store.blob_path(entry.sha256)));
}

TEST_CASE("store: activate switches current and records the highest sequence") {
    StoreFixture f;
    const std::string v10 = f.add_and_activate(f.release(10));
    CHECK(f.current_target() == fs::path("versions") / v10);
    CHECK(f.sequence_file() == "10\n");
    CHECK(f.store.highest_sequence() == 10);
    CHECK(v10.starts_with("10-"));

    const std::string v20 = f.add_and_activate(f.release(20));
    CHECK(f.current_target() == fs::path("versions") / v20);
    CHECK(f.active() == v20);
    CHECK(f.sequence_file() == "20\n");

    // Back to an older one (what rollback does): current moves, the sequence stays.
    REQUIRE(f.store.activate(v10).ok());
    CHECK(f.current_target() == fs::path("versions") / v10);
    CHECK(f.sequence_file() == "20\n");
    CHECK(f.store.highest_sequence() == 20);
    // The switch is a rename over the old link: no temporary link is left behind.
    for (const auto& entry : fs::directory_iterator(f.store_dir))
        CHECK_MESSAGE(!entry.path().filename().string().starts_with(".current"),
                      entry.path().string());
    // Activating what does not exist fails and leaves current alone.
    CHECK_FALSE(f.store.activate("99-nothing").ok());
    CHECK(f.active() == v10);
}

TEST_CASE("store: adding the same version twice gives the same name") {
    StoreFixture f;
    Release release = f.release(10);
    const std::string first = f.add(release);
    CHECK(f.add(release) == first);
    CHECK(f.version_dirs() == std::set<std::string>{first});
}

TEST_CASE("store: prune keeps the active and newest versions and deletes the rest") {
    StoreFixture f;
    Release r10 = f.release(10), r20 = f.release(20), r30 = f.release(30), r40 = f.release(40);
    const std::string v10 = f.add(r10), v20 = f.add_and_activate(r20), v30 = f.add(r30),
                      v40 = f.add(r40);
    // Leftovers of killed syncs and a blob nobody lists.
    bt::write_file(f.store.partial_path(std::string(64, 'a')), "half a download");
    bt::write_file(f.store_dir / kStoreTemporary / "other.tmp", "x");
    fs::create_directories(f.store_dir / kStoreVersions / ("." + v30 + ".tmp-4242"));
    bt::write_file(f.store_dir / kStoreVersions / ("." + v30 + ".tmp-4242") / "manifest.json",
                   r30.manifest_bytes);
    bt::write_file(f.store.blob_path(std::string(64, 'b')), "stray");

    REQUIRE(f.store.prune(2).ok());
    // The active one (20, not the newest) and the newest (40): two in all.
    CHECK(f.version_dirs() == std::set<std::string>{v20, v40});
    CHECK(f.active() == v20);
    std::set<std::string> listed;
    for (const Release* r : {&r20, &r40})
        for (const FileEntry& file : r->manifest.files) {
            listed.insert(file.sha256);
            CHECK_MESSAGE(fs::exists(f.store.blob_path(file.sha256)), file.path);
        }
    std::set<std::string> blobs;
    for (const auto& entry : fs::directory_iterator(f.store_dir / kStoreBlobs))
        blobs.insert(entry.path().filename().string());
    CHECK(blobs == listed);
    CHECK(fs::is_empty(f.store_dir / kStoreTemporary));
    for (const std::string& name : {v20, v40})
        CHECK(f.store.verify_version(name, f.keys()).ok());
    CHECK(f.sequence_file() == "20\n");

    // keep = 1: only the active one.
    REQUIRE(f.store.prune(1).ok());
    CHECK(f.version_dirs() == std::set<std::string>{v20});
    CHECK(f.store.verify_version(v20, f.keys()).ok());
    (void)v10;
}

TEST_CASE("store: rollback goes to the newest older version and the highest sequence stays") {
    StoreFixture f;
    const std::string v10 = f.add(f.release(10));
    const std::string v20 = f.add(f.release(20));
    const std::string v30 = f.add_and_activate(f.release(30));
    auto back = f.store.rollback();
    REQUIRE_MESSAGE(back.ok(), back.error().describe());
    CHECK(back->name == v20);
    CHECK(back->active);
    CHECK(f.active() == v20);
    CHECK(f.sequence_file() == "30\n");
    CHECK(f.store.highest_sequence() == 30);
    auto status = f.store.status();
    REQUIRE(status.ok());
    CHECK(status->highest_sequence == 30);

    back = f.store.rollback();
    REQUIRE(back.ok());
    CHECK(back->name == v10);
    CHECK(f.store.highest_sequence() == 30);
    // Nothing older: an error, and the active version stays.
    back = f.store.rollback();
    CHECK_FALSE(back.ok());
    CHECK(f.active() == v10);
    (void)v30;
}

TEST_CASE("store: rollback without an active version is an error") {
    StoreFixture f;
    f.add(f.release(10));
    CHECK_FALSE(f.store.rollback().ok());
}

TEST_CASE("store: recover leaves a verifying store alone") {
    StoreFixture f;
    f.add(f.release(10));
    const std::string v20 = f.add_and_activate(f.release(20));
    auto recovered = f.store.recover(f.keys());
    REQUIRE_MESSAGE(recovered.ok(), recovered.error().describe());
    CHECK(*recovered == "");
    CHECK(f.active() == v20);
}

TEST_CASE("store: recover falls back to the newest verifying version") {
    StoreFixture f;
    Release r10 = f.release(10), r20 = f.release(20), r30 = f.release(30);
    const std::string v10 = f.add(r10), v20 = f.add(r20), v30 = f.add_and_activate(r30);
    std::string expect_in_message;

    SUBCASE("current dangles (its version was deleted)") {
        fs::remove_all(f.store_dir / kStoreVersions / v30);
        expect_in_message = v30;
    }
    SUBCASE("a blob of the active version is corrupt") {
        const std::string sha = r30.entry("pages/moving-in/en.md").sha256;
        corrupt(f.store.blob_path(sha));
        expect_in_message = sha;
    }
    SUBCASE("a blob of the active version is missing") {
        const std::string sha = r30.entry("pages/moving-in/en.md").sha256;
        fs::remove(f.store.blob_path(sha));
        expect_in_message = sha;
    }
    SUBCASE("the active version has no manifest.json") {
        fs::remove(f.store_dir / kStoreVersions / v30 / "manifest.json");
        expect_in_message = "manifest.json";
    }
    SUBCASE("the active version's signature is damaged") {
        corrupt(f.store_dir / kStoreVersions / v30 / "manifest.sig");
        expect_in_message = "manifest.sig";
    }
    SUBCASE("current points outside versions/") {
        // A whole copy of the newest version elsewhere: still refused, by its shape.
        fs::copy(f.store_dir / kStoreVersions / v30, f.temp / "elsewhere");
        fs::remove(f.store_dir / kStoreCurrent);
        fs::create_symlink(f.temp / "elsewhere", f.store_dir / kStoreCurrent);
        expect_in_message = "expected versions/<name>";
        // Every version verifies, so the newest one is shown.
        auto recovered = f.store.recover(f.keys());
        REQUIRE_MESSAGE(recovered.ok(), recovered.error().describe());
        CHECK(one_line(*recovered));
        CHECK(recovered->find(expect_in_message) != std::string::npos);
        CHECK(f.active() == v30);
        CHECK(f.current_target() == fs::path("versions") / v30);
        CHECK(f.store.recover(f.keys()).value() == "");
        return;
    }
    SUBCASE("current wanders out with ..") {
        fs::remove(f.store_dir / kStoreCurrent);
        fs::create_symlink(fs::path("versions") / ".." / "versions" / v30,
                           f.store_dir / kStoreCurrent);
        auto recovered = f.store.recover(f.keys());
        REQUIRE_MESSAGE(recovered.ok(), recovered.error().describe());
        CHECK(one_line(*recovered));
        CHECK(f.current_target() == fs::path("versions") / v30);
        return;
    }
    SUBCASE("current is a plain file") {
        fs::remove(f.store_dir / kStoreCurrent);
        bt::write_file(f.store_dir / kStoreCurrent, "versions/" + v30);
        auto recovered = f.store.recover(f.keys());
        REQUIRE_MESSAGE(recovered.ok(), recovered.error().describe());
        CHECK(one_line(*recovered));
        CHECK(f.current_target() == fs::path("versions") / v30);
        return;
    }

    auto recovered = f.store.recover(f.keys());
    REQUIRE_MESSAGE(recovered.ok(), recovered.error().describe());
    INFO(*recovered);
    CHECK(one_line(*recovered));
    CHECK(recovered->find(expect_in_message) != std::string::npos);
    CHECK(recovered->find("now showing version " + v20) != std::string::npos);
    CHECK(f.active() == v20); // the newest that verifies, not the oldest
    CHECK(f.store.verify_version(v20, f.keys()).ok());
    // The damaged release was accepted once: a replay of it must still be refused.
    CHECK(f.store.highest_sequence() == 30);
    CHECK(f.sequence_file() == "30\n");
    // Recovered: the next start finds nothing wrong.
    auto again = f.store.recover(f.keys());
    REQUIRE(again.ok());
    CHECK(*again == "");
    (void)v10;
}

TEST_CASE("store: recover skips older versions that do not verify either") {
    StoreFixture f;
    Release r10 = f.release(10), r20 = f.release(20), r30 = f.release(30);
    const std::string v10 = f.add(r10), v20 = f.add(r20), v30 = f.add_and_activate(r30);
    corrupt(f.store.blob_path(r30.entry("pages/moving-in/en.md").sha256));
    corrupt(f.store.blob_path(r20.entry("pages/moving-in/en.md").sha256));
    auto recovered = f.store.recover(f.keys());
    REQUIRE_MESSAGE(recovered.ok(), recovered.error().describe());
    CHECK(one_line(*recovered));
    CHECK(f.active() == v10);
    (void)v20;
    (void)v30;
}

TEST_CASE("store: recover fails on an empty or wholly damaged store") {
    StoreFixture f;
    SUBCASE("empty") {
        auto recovered = f.store.recover(f.keys());
        REQUIRE_FALSE(recovered.ok());
        CHECK(one_line(recovered.error().describe()));
    }
    SUBCASE("every version damaged") {
        Release r10 = f.release(10), r20 = f.release(20);
        f.add(r10);
        const std::string v20 = f.add_and_activate(r20);
        // bundle.toml is shared by both versions.
        corrupt(f.store.blob_path(r10.entry("bundle.toml").sha256));
        auto recovered = f.store.recover(f.keys());
        REQUIRE_FALSE(recovered.ok());
        INFO(recovered.error().describe());
        CHECK(one_line(recovered.error().describe()));
        CHECK(recovered.error().describe().find("no other kept version verifies") !=
              std::string::npos);
        CHECK(f.current_target() == fs::path("versions") / v20); // nothing switched
    }
    SUBCASE("signed by a key the terminal does not trust") {
        TestKey stranger;
        f.add_and_activate(f.release(10, &stranger));
        auto recovered = f.store.recover(f.keys());
        CHECK_FALSE(recovered.ok());
    }
}

TEST_CASE("store: verify_version accepts either key during a rotation") {
    StoreFixture f;
    TestKey next;
    const std::string old_signed = f.add(f.release(10));
    const std::string new_signed = f.add_and_activate(f.release(20, &next));
    const PublicKey a = f.key.public_key(), b = next.public_key();
    CHECK(f.store.verify_version(old_signed, {a}).ok());
    CHECK_FALSE(f.store.verify_version(new_signed, {a}).ok());
    CHECK(f.store.verify_version(new_signed, {b}).ok());
    CHECK(f.store.verify_version(new_signed, {a, b}).ok());
    CHECK(f.store.verify_version(new_signed, {b, a}).ok());
    CHECK(f.store.verify_version(old_signed, {a, b}).ok());
    CHECK(f.store.verify_version(old_signed, {b, a}).ok());
    CHECK_FALSE(f.store.verify_version(old_signed, {}).ok());
    // recover() with both keys finds the active (second-key) version fine.
    auto recovered = f.store.recover({a, b});
    REQUIRE(recovered.ok());
    CHECK(*recovered == "");
}
