#!/usr/bin/env node
// The published entry point. The sources are TypeScript; tsx compiles them on load (and caches the
// result), so a fresh clone runs after `npm install` with no build step.
import { register } from "tsx/esm/api";

register();
await import("../harness/cli/main.ts");
