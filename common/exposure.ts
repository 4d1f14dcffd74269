/**
 * Listeners bind 127.0.0.1 unless told otherwise. Bound anywhere else they are reachable from
 * the network; then a token the operator did not choose (generated, printed in a terminal,
 * pasted in CI logs) is the only thing in the way, so the command lines warn about it.
 */
import { isIP } from "node:net";

/** True for localhost, 127.0.0.0/8 and ::1 (also as an IPv4-mapped address). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

/**
 * The warning for a listener on a non-loopback host without a token of the operator's own, or
 * undefined when there is nothing to warn about.
 */
export function exposureWarning(input: { listener: string; host: string; tokenGiven: boolean; tokenFlag: string }): string | undefined {
  if (isLoopbackHost(input.host) || input.tokenGiven) return undefined;
  const where = input.host === "0.0.0.0" || input.host === "::" ? "every interface" : input.host;
  return (
    `warning: the ${input.listener} listens on ${where}, reachable from the network, and no token was given: ` +
    `only the generated token below protects it. Pass ${input.tokenFlag} with a secret of your own, or --host 127.0.0.1.`
  );
}
