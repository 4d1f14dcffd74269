/**
 * The provisioning page of one job, modelled on the portal's: state, quarantine banner, current
 * cycle, last execution, and the controls. The status half is redrawn from every overview the
 * event stream sends; the forms are built once so typing is never interrupted.
 */
import type { JobOverview, JobSummary } from "../../shared/engine-console-types";
import { fill, h } from "../lib/dom";
import type { PageContext, PageDef } from "../lib/shell";
import { engineApi } from "./engine-api";
import { provisioningSwitch, restartForm } from "./job-controls";
import { onDemandForm } from "./on-demand-form";
import { settingsForms } from "./settings-forms";
import { countsSection, progressSection, quarantineBanner, stateBadge } from "./status-panel";

export function provisioningPage(job: () => JobSummary): PageDef {
  return {
    id: "provisioning",
    label: "Provisioning",
    mount(main, _params, ctx) {
      const current = job();
      const heading = h("h1", null, `Provisioning: ${current.displayName}`);
      const badge = h("span", { class: "state-slot", "aria-live": "polite" });
      const banner = h("div", { class: "banner-slot" });
      const progress = h("div", { class: "slot" });
      const counts = h("div", { class: "slot" });
      const toggle = provisioningSwitch(current, ctx);
      const restart = restartForm(current, ctx);
      const settings = settingsForms(current, ctx);
      fill(
        main,
        h("div", { class: "page-title" }, heading, badge),
        h("p", { class: "muted ids" }, `Job ${current.jobId} · service principal ${current.servicePrincipalId}`),
        banner,
        h("div", { class: "grid" }, progress, counts, toggle.element),
        h("div", { class: "grid two" }, restart, onDemandForm(current, ctx)),
        h("div", { class: "grid two" }, settings.notifications, settings.threshold),
      );

      const actions = {
        testConnection: () => void testConnection(current, ctx),
        restart: () => {
          restart.scrollIntoView({ block: "start" });
          restart.querySelector<HTMLElement>("h2")?.focus();
        },
      };
      const show = (o: JobOverview): void => {
        fill(badge, h("span", { class: "visually-hidden" }, "Status: "), stateBadge(o.state));
        fill(banner, quarantineBanner(o, actions));
        fill(progress, progressSection(o));
        fill(counts, countsSection(o));
        toggle.update(o);
        settings.update(o);
      };
      let latest: { overview: JobOverview; receivedAt: number } | undefined;
      const receive = (o: JobOverview): void => {
        if (latest && o.now < latest.overview.now) return; // an answer overtaken by a newer live update
        latest = { overview: o, receivedAt: Date.now() };
        show(o);
      };
      engineApi.overview(current.jobId).then(receive, (error: unknown) => ctx.fail(error));
      const off = ctx.live.on<JobOverview>("job", (o) => {
        if (o.jobId === current.jobId) receive(o);
      });
      // On the real clock the engine sends nothing while nothing changes: "in 40m" must still count down.
      const ticker = window.setInterval(() => {
        if (!latest || latest.overview.clock !== "real") return;
        show({ ...latest.overview, now: new Date(Date.parse(latest.overview.now) + (Date.now() - latest.receivedAt)).toISOString() });
      }, 15_000);
      return {
        dispose() {
          off();
          window.clearInterval(ticker);
        },
      };
    },
  };
}

async function testConnection(job: JobSummary, ctx: PageContext): Promise<void> {
  ctx.notify("Testing the connection with the saved credentials…");
  try {
    await engineApi.validateCredentials(job);
    ctx.notify("Connection test succeeded: the target accepts the saved credentials.");
  } catch (error) {
    ctx.fail(error);
  }
}
