// kiosk bundle build | keygen | sign | verify (and dispatch to check and preview, which
// live with the screens).
// Each subcommand: --help prints usage and exits 0; bad usage exits 2; a failure prints
// one line "kiosk bundle <sub>: <file>: <message>" and exits 1.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "player/bundle/bundle_builder.h"
#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/signing.h"
#include "player/content/bundle_loader.h"

#include <cstdio>
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
    "  build   DIR -o OUTDIR           write manifest + content-addressed blobs\n"
    "  keygen  -o PREFIX               write PREFIX.key (secret) and PREFIX.pub\n"
    "  sign    OUTDIR --key PREFIX.key sign OUTDIR/manifest.json\n"
    "  verify  OUTDIR --pubkey PREFIX.pub\n"
    "                                  check the signature and every blob\n"
    "  preview DIR -o OUTDIR           a PNG of every screen x locale x text size";

constexpr const char* kBuildUsage = "kiosk bundle build DIR -o OUTDIR";
constexpr const char* kKeygenUsage = "kiosk bundle keygen -o PREFIX";
constexpr const char* kSignUsage = "kiosk bundle sign OUTDIR --key PREFIX.key";
constexpr const char* kVerifyUsage = "kiosk bundle verify OUTDIR --pubkey PREFIX.pub";

int print_help(const char* usage) {
    std::printf("usage: %s\n", usage);
    return Exit::Success;
}

// Parses `args`, handling --help and usage errors. `folder` names the one positional
// argument ("DIR"), or is null when there is none. Every option in `spec` is required.
// Returns an exit code when the command is finished (help or usage error), or -1 to go on
// with `parsed`.
int parse(const char* command, const char* usage, const Argv& args,
          const std::vector<OptionSpec>& spec, const char* folder, Args& parsed) {
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
        if (option.takes_value && !parsed.get(option.name))
            return usage_error(command, "missing " + option.name, usage);
    return -1;
}

std::string kib(uint64_t bytes) {
    return std::to_string((bytes + 1023) / 1024) + " KiB";
}

int build_main(const Argv& args) {
    const char* command = "bundle build";
    Args parsed({}, {});
    if (int done = parse(command, kBuildUsage, args, {{"-o", true}}, "DIR", parsed); done >= 0)
        return done;
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
                                BundleIdentity{(*loaded)->id, (*loaded)->version});
    if (!summary) return failure(command, summary.error().describe());
    std::printf("built %s %s: %zu files, %s -> %s\n", summary->bundle_id.c_str(),
                summary->version.c_str(), summary->file_count, kib(summary->total_bytes).c_str(),
                out.c_str());
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
