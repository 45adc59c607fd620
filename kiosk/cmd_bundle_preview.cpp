#include "kiosk/commands.h"
namespace kiosk::cli { int bundle_preview_main(const Argv&) { return 1; } }
