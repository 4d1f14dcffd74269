/**
 * Ctrl-C during `scimlab run --target`: the first SIGINT aborts the run (the workers are
 * terminated, so their worlds never clean up) and lets the caller remove what the run created on
 * the endpoint; a second SIGINT quits at once.
 */
export class RunInterrupt {
  private readonly controller = new AbortController();
  private readonly onSigint = (): void => {
    process.stderr.write("\ninterrupted: stopping the scenarios, then removing what they created on the endpoint (Ctrl-C again to quit at once)\n");
    process.once("SIGINT", () => process.exit(130));
    this.controller.abort();
  };

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get interrupted(): boolean {
    return this.controller.signal.aborted;
  }

  install(): this {
    process.once("SIGINT", this.onSigint);
    return this;
  }

  uninstall(): void {
    process.off("SIGINT", this.onSigint);
  }
}
