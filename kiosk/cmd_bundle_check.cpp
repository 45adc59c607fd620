#include "kiosk/commands.h"
namespace kiosk::cli { int bundle_check_main(const Argv&) { return 1; } }
