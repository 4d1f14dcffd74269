/**
 * A world module over the fake world (`scimlab run --world harness/testing/fake-world-module.ts`),
 * for the command line's own tests. `SCIMLAB_FAKE_LATENCY_MS` sets the fake target's latency.
 */
import type { WorldFactory } from "../world/world";
import { FakeWorld } from "./fake-world";

export const createWorld: WorldFactory = async (config) =>
  new FakeWorld(config, { latencyMs: Number(process.env.SCIMLAB_FAKE_LATENCY_MS ?? 0) });
