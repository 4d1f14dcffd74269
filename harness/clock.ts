/**
 * The harness's clock: the jumping {@link VirtualClock} lives in `common/` (the engine runs it in
 * its own process under `--clock controlled`); scenario code imports it from here.
 */
export { ClockError, VirtualClock, type ClockPeer, type VirtualClockOptions } from "../common/virtual-clock";
export { IO_HEADER, isoNow, type Clock, type Timer } from "../common/clock";
