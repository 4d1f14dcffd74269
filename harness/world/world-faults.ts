import type { Target } from "../../simulator/index";
import type { FaultInput } from "../scenario/engine-step-schemas";

/**
 * A scenario's `fault` steps on the world's simulator: rules and presets go to the target's fault
 * set as they are (the simulator validates them and names the bad field), with the step's id.
 */
export class WorldFaults {
  /** The simulator, or anything else with its fault set (the proxy in front of a real endpoint). */
  constructor(private readonly target: Pick<Target, "faults">) {}

  /** Installs a rule or expands a preset; returns the ids of the rules installed. */
  add(fault: FaultInput): string[] {
    const id = fault.id !== undefined ? { id: fault.id } : {};
    const input = "preset" in fault ? { ...fault.options, ...id, preset: fault.preset } : { ...fault.rule, ...id };
    return this.target.faults.use(input as Parameters<Target["faults"]["use"]>[0]).map((rule) => rule.id);
  }

  /** Removes every rule installed under `id`; an id that is not installed is an error naming those that are. */
  remove(id: string): void {
    if (this.target.faults.remove(id)) return;
    const installed = [...new Set(this.target.faults.list().map((r) => r.id))];
    throw new Error(`no fault rule with id ${JSON.stringify(id)}; installed: ${installed.length > 0 ? installed.join(", ") : "none"}`);
  }

  reset(): void {
    this.target.faults.reset();
  }
}
