// Placeholder until the schedule lands: nothing plays.
#include "player/schedule/signage_schedule.h"
