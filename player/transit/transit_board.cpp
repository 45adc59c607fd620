// Placeholder until the ODPT parser lands.
#include "player/transit/transit_board.h"
