import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{common,scim,simulator,engine,harness,test,console}/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
