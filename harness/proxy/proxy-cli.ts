/** `scimlab proxy` behind the command line: starts the proxy and runs until SIGINT/SIGTERM. */
import { readFaultsFile } from "../../simulator/cli";
import { resolveProxyConfig, type ProxyFlags } from "./proxy-config";
import { startProxy } from "./scim-proxy";

export async function runProxyCli(flags: ProxyFlags): Promise<void> {
  const config = resolveProxyConfig(flags);
  const faults = config.faultsFile ? readFaultsFile(config.faultsFile) : undefined;
  const proxy = await startProxy({
    target: config.target,
    host: config.host,
    port: config.port,
    journalSize: config.journalSize,
    seed: config.seed,
    timeoutMs: config.timeoutMs,
    ...(faults ? { faults } : {}),
    ...(config.adminToken ? { adminToken: config.adminToken } : {}),
  });
  const lines = [`scimlab proxy listening at ${proxy.baseUrl}`, `forwarding to ${config.target.toString().replace(/\/+$/, "")}`];
  if (faults) lines.push(`fault rules: ${proxy.faults.size} from ${config.faultsFile}`);
  lines.push(config.adminToken ? `admin API: ${proxy.url}/_admin (faults, journal, journal.har, reset), OpenAPI at /_admin/openapi.json` : "admin API: off (give --admin-token to enable it)");
  process.stdout.write(`${lines.join("\n")}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await proxy.close();
}
