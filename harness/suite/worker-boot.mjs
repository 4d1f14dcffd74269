// Entry of a `scimlab run` worker thread. Loader hooks are per thread: register tsx here too, so
// the TypeScript sources load as they do in the main thread (bin/scimlab.mjs), then start the worker.
import { register } from "tsx/esm/api";

register();
await import("./worker-main.ts");
