/** The simulator panel's entry point. */
import { startShell } from "./lib/shell";
import { directoryPanel } from "./simulator/directory-panel";
import { faultsPanel } from "./simulator/faults-panel";
import { journalPanel } from "./simulator/journal-panel";

startShell({ title: "scimlab simulator", pages: [faultsPanel(), journalPanel(), directoryPanel()] });
