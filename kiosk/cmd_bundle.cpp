// kiosk bundle build | keygen | sign | verify (and dispatch to check and preview, which
// live with the screens).
// Each subcommand: --help prints usage and exits 0; bad usage exits 2; a failure prints
// one line "kiosk bundle <sub>: <file>: <message>" and exits 1.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "player/bundle/bundle_builder.h"
#include "player/bundle/bundle_publisher.h"
#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/signing.h"
#include "player/content/bundle_loader.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <new>
#include <string>

namespace kiosk::cli {

namespace {

namespace fs = std::filesystem;
using namespace kiosk::bundle;

constexpr const char* kBundleUsage =
    "kiosk bundle <command> ...\n"
    "  check   DIR                     validate; every problem as file:line: message\n"
    "  build   DIR -o OUTDIR [--sequence N] [--expires T | --valid-days N]\n"
    "                                  write manifest + content-addressed blobs\n"
    "  keygen  -o PREFIX               write PREFIX.key (secret) and PREFIX.pub\n"
    "  sign    OUTDIR --key PREFIX.key sign OUTDIR/manifest.json\n"
    "  verify  OUTDIR --pubkey PREFIX.pub\n"
    "                                  check the signature and every blob\n"
    "  preview DIR -o OUTDIR           a PNG of every screen x locale x text size\n"
    "  publish OUTDIR --to DOCROOT     copy to a web server's folder: blobs first,\n"
    "                                  the manifest last";

constexpr const char* kBuildUsage =
    "kiosk bundle build DIR -o OUTDIR [--sequence N] [--expires T | --valid-days N]\n"
    "  --sequence N    release number, 1..2^53-1, higher than every earlier release;\n"
    "                  terminals refuse a lower one (default: the build time in seconds\n"
    "                  since 1970, or $SOURCE_DATE_EPOCH when set)\n"
    "  --expires T     when terminals start reporting the bundle as stale, UTC:\n"
    "                  2027-01-01T00:00:00Z (default: --valid-days 30)\n"
    "  --valid-days N  expiry N days (1..3650) after the build time";
constexpr const char* kKeygenUsage = "kiosk bundle keygen -o PREFIX";
constexpr const char* kSignUsage = "kiosk bundle sign OUTDIR --key PREFIX.key";
constexpr const char* kVerifyUsage = "kiosk bundle verify OUTDIR --pubkey PREFIX.pub";
constexpr const char* kPublishUsage =
    "kiosk bundle publish OUTDIR --to DOCROOT\n"
    "  Copies a built, signed bundle into the folder a static HTTP server serves: new blobs\n"
    "  first, then manifest.sig, then manifest.json, each renamed into place, so terminals\n"
    "  never see a manifest whose blobs are missing. Blobs of older releases are deleted,\n"
    "  except the previous release's.";

int print_help(const char* usage) {
    std::printf("usage: %s\n", usage);
    return Exit::Success;
}

// Parses `args`, handling --help and usage errors. `folder` names the one positional
// argument ("DIR"), or is null when there is none. Every option in `spec` is required.
// Returns an exit code when the command is finished (help or usage error), or -1 to go on
// with `parsed`. Options named in `optional` may be left out.
int parse(const char* command, const char* usage, const Argv& args,
          const std::vector<OptionSpec>& spec, const char* folder, Args& parsed,
          const std::vector<std::string>& optional = {}) {
    parsed = Args(args, spec);
    if (parsed.wants_help()) return print_help(usage);
    if (!parsed.error().empty()) return usage_error(command, parsed.error(), usage);
    const std::vector<std::string>& given = parsed.positionals();
    const size_t positionals = folder ? 1 : 0;
    if (given.size() < positionals)
        return usage_error(command, std::string("missing ") + folder, usage);
    if (given.size() > positionals)
        return usage_error(command, "unexpected argument " + given[positionals], usage);
    for (const OptionSpec& option : spec)
        if (option.takes_value && !parsed.get(option.name) &&
            std::find(optional.begin(), optional.end(), option.name) == optional.end())
            return usage_error(command, "missing " + option.name, usage);
    return -1;
}

std::string kib(uint64_t bytes) {
    return std::to_string((bytes + 1023) / 1024) + " KiB";
}

// A whole number within [low, high], all digits (no sign, no spaces, no "1e3").
bool parse_whole(std::string_view text, uint64_t low, uint64_t high, uint64_t& value) {
    if (text.empty() || text.size() > 19) return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + uint64_t(c - '0');
    }
    return value >= low && value <= high;
}

// The release stamp from --sequence/--expires/--valid-days, or an exit code (usage error).
int release_stamp(const char* command, const Args& parsed, ReleaseStamp& stamp) {
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    // Reproducible builds set SOURCE_DATE_EPOCH; then the build time is that, not now.
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        uint64_t value = 0;
        if (!parse_whole(epoch, 1, kMaxSequence, value))
            return usage_error(command, "SOURCE_DATE_EPOCH must be a whole number of seconds",
                               kBuildUsage);
        now = static_cast<int64_t>(value);
    }
    stamp.sequence = static_cast<uint64_t>(now);
    if (auto text = parsed.get("--sequence");
        text && !parse_whole(*text, 1, kMaxSequence, stamp.sequence))
        return usage_error(
            command, "--sequence must be a whole number from 1 to " + std::to_string(kMaxSequence),
            kBuildUsage);
    if (parsed.get("--expires") && parsed.get("--valid-days"))
        return usage_error(command, "give --expires or --valid-days, not both", kBuildUsage);
    uint64_t days = 30;
    if (auto text = parsed.get("--valid-days"); text && !parse_whole(*text, 1, 3650, days))
        return usage_error(command, "--valid-days must be a whole number from 1 to 3650",
                           kBuildUsage);
    stamp.expires_unix = now + static_cast<int64_t>(days) * 86400;
    if (auto text = parsed.get("--expires")) {
        if (!parse_utc_time(*text, stamp.expires_unix))
            return usage_error(command, "--expires must be a UTC time like 2027-01-01T00:00:00Z",
                               kBuildUsage);
    }
    // Against the real clock too: SOURCE_DATE_EPOCH may be long past, and terminals refuse
    // a release that has already expired.
    const int64_t real_now = static_cast<int64_t>(std::time(nullptr));
    if (stamp.expires_unix <= std::max(now, real_now))
        return usage_error(command,
                           "the expiry " + format_utc_time(stamp.expires_unix) +
                               " is already past; give a later --expires or more --valid-days",
                           kBuildUsage);
    return -1;
}

int build_main(const Argv& args) {
    const char* command = "bundle build";
    Args parsed({}, {});
    if (int done =
            parse(command, kBuildUsage, args,
                  {{"-o", true}, {"--sequence", true}, {"--expires", true}, {"--valid-days", true}},
                  "DIR", parsed, {"--sequence", "--expires", "--valid-days"});
        done >= 0)
        return done;
    ReleaseStamp stamp;
    if (int done = release_stamp(command, parsed, stamp); done >= 0) return done;
    const std::string out = *parsed.get("-o");
    // A bundle with errors is rejected whole: nothing is written, every problem is named.
    content::LoadReport report;
    auto files = BundleFiles::open(parsed.positionals()[0]);
    if (!files) return failure(command, files.error().describe());
    // The content loader is the one reader of bundle.toml; the builder gets id and version
    // from it, so check and build can never disagree about them.
    content::LoadOptions options;
    options.decode_images = true;
    auto loaded = content::load_bundle(*files, &report, options);
    if (!loaded || report.has_errors()) {
        for (const auto& p : report.problems)
            if (p.severity == content::Severity::Error)
                std::fprintf(stderr, "%s\n", p.where.describe().c_str());
        return failure(command,
                       "not built: fix the errors above (kiosk bundle check lists them all)");
    }
    auto summary = build_bundle(parsed.positionals()[0], out,
                                BundleIdentity{(*loaded)->id, (*loaded)->version}, stamp);
    if (!summary) return failure(command, summary.error().describe());
    std::printf("built %s %s (sequence %llu, expires %s): %zu files, %s -> %s\n",
                summary->bundle_id.c_str(), summary->version.c_str(),
                static_cast<unsigned long long>(stamp.sequence),
                format_utc_time(stamp.expires_unix).c_str(), summary->file_count,
                kib(summary->total_bytes).c_str(), out.c_str());
    return Exit::Success;
}

int keygen_main(const Argv& args) {
    const char* command = "bundle keygen";
    Args parsed({}, {});
    if (int done = parse(command, kKeygenUsage, args, {{"-o", true}}, nullptr, parsed); done >= 0)
        return done;
    const std::string prefix = *parsed.get("-o");
    if (Status ok = generate_key_files(prefix); !ok) return failure(command, ok.error().describe());
    std::printf("wrote %s.key (secret: keep it off terminals) and %s.pub\n", prefix.c_str(),
                prefix.c_str());
    return Exit::Success;
}

int sign_main(const Argv& args) {
    const char* command = "bundle sign";
    Args parsed({}, {});
    if (int done = parse(command, kSignUsage, args, {{"--key", true}}, "OUTDIR", parsed); done >= 0)
        return done;
    const fs::path dir = parsed.positionals()[0];
    auto key = read_secret_key(*parsed.get("--key"));
    if (!key) return failure(command, key.error().describe());
    if (Status ok = sign_built_bundle(dir, *key); !ok)
        return failure(command, ok.error().describe());
    std::printf("signed %s\n", (dir / "manifest.json").string().c_str());
    return Exit::Success;
}

int verify_main(const Argv& args) {
    const char* command = "bundle verify";
    Args parsed({}, {});
    if (int done = parse(command, kVerifyUsage, args, {{"--pubkey", true}}, "OUTDIR", parsed);
        done >= 0)
        return done;
    const fs::path dir = parsed.positionals()[0];
    auto key = read_public_key(*parsed.get("--pubkey"));
    if (!key) return failure(command, key.error().describe());
    if (Status ok = verify_built_bundle(dir, *key); !ok)
        return failure(command, ok.error().describe());
    // Verified, so the manifest reads and parses; read it again only for the summary line.
    auto text = read_file(dir / "manifest.json", kMaxManifestBytes, Symlinks::Refuse);
    auto manifest = text ? parse_manifest(*text) : Result<Manifest>(text.error());
    if (!manifest) return failure(command, manifest.error().describe());
    std::printf("verified %s: %s %s, %zu files, signature good\n", dir.string().c_str(),
                manifest->bundle_id.c_str(), manifest->version.c_str(), manifest->files.size());
    return Exit::Success;
}

int publish_main(const Argv& args) {
    const char* command = "bundle publish";
    Args parsed({}, {});
    if (int done = parse(command, kPublishUsage, args, {{"--to", true}}, "OUTDIR", parsed);
        done >= 0)
        return done;
    auto summary = publish_bundle(parsed.positionals()[0], *parsed.get("--to"));
    if (!summary) return failure(command, summary.error().describe());
    std::printf("published %s -> %s: %zu blobs copied (%s), %zu already there, %zu old deleted\n",
                parsed.positionals()[0].c_str(), parsed.get("--to")->c_str(), summary->blobs_copied,
                kib(summary->bytes_copied).c_str(), summary->blobs_kept, summary->blobs_deleted);
    return Exit::Success;
}

int dispatch(const Argv& args, BundleScreensMain screens) {
    if (args.empty()) return usage_error("bundle", "missing command", kBundleUsage);
    const std::string& sub = args[0];
    const Argv rest(args.begin() + 1, args.end());
    if (sub == "--help" || sub == "-h" || sub == "help") return print_help(kBundleUsage);
    if (sub == "check" || sub == "preview") {
        if (screens) return screens(sub, rest);
        // main() sends these to the display module; reaching here is a routing bug.
        return failure("bundle " + sub, "internal error: not routed to the display module");
    }
    if (sub == "build") return build_main(rest);
    if (sub == "keygen") return keygen_main(rest);
    if (sub == "sign") return sign_main(rest);
    if (sub == "verify") return verify_main(rest);
    if (sub == "publish") return publish_main(rest);
    return usage_error("bundle", "unknown command " + sub, kBundleUsage);
}

} // namespace

int bundle_main(const Argv& args, BundleScreensMain screens) {
    // Nothing below should throw; this is the last line of defence against a stack trace
    // (or std::terminate) in front of staff.
    try {
        return dispatch(args, screens);
    } catch (const std::bad_alloc&) {
        // Every input has a limit (docs/CONTENT.md), so this means the machine itself is
        // short of memory; say that in words, not as a library type name.
        return failure("bundle", "out of memory (the machine has too little free memory for "
                                 "this bundle; close other programs and try again)");
    } catch (const std::exception& e) {
        return failure("bundle", std::string("internal error: ") + e.what());
    }
}

} // namespace kiosk::cli
