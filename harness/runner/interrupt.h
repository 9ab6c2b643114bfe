// Ctrl-C handling for long sweeps. The first SIGINT/SIGTERM lets the current point finish and
// then stops the run; the second also cuts the current point short (keeping its samples); the
// third terminates at once. Whatever was measured is written either way.
#pragma once

namespace moebench {

void install_interrupt_handlers();
// 0: keep going; 1: stop after the current point; 2: stop now.
int interrupt_level();
void reset_interrupts();

}  // namespace moebench
