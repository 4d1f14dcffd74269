import type { Command } from "commander";
import { registerSimulateCommand } from "./simulate-command";
import { registerEngineCommand } from "./engine-command";
import { registerRunCommand } from "./run-command";
import { registerValidateCommand } from "./validate-command";
import { registerProxyCommand } from "./proxy-command";

/** Every subcommand, in the order `--help` lists them. Each entry adds one command to the program. */
export const commands: Array<(program: Command) => void> = [registerSimulateCommand, registerEngineCommand, registerRunCommand, registerValidateCommand, registerProxyCommand];
