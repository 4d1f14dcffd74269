/** The SCIM-aware reverse proxy: the simulator's fault rules, journal and admin API in front of a real endpoint. */
export { ScimProxy, startProxy, type ProxyOptions } from "./scim-proxy";
