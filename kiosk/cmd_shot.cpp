#include "kiosk/commands.h"
namespace kiosk::cli { int shot_main(const Argv&) { return 1; } int screens_main(const Argv&) { return 1; } }
