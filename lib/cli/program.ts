/** The `marketplace` command: the original StratusLab metadata tools as subcommands. */
import { Command } from "commander";
import { registerBuildMetadata } from "./commands/build-metadata";
import { registerCheckImage } from "./commands/check-image";
import { registerContextDisk } from "./commands/context-disk";
import { registerCreateCertificate } from "./commands/create-certificate";
import { registerCreateImage } from "./commands/create-image";
import { registerLogin, registerLogout } from "./commands/login";
import { registerDeprecateMetadata } from "./commands/deprecate-metadata";
import { registerSignMetadata } from "./commands/sign-metadata";
import { registerUploadMetadata } from "./commands/upload-metadata";
import { registerValidateMetadata } from "./commands/validate-metadata";
import { defaultConfigFile, useConfigFile } from "./settings";

export const VERSION = "0.1.0";

export function createProgram(): Command {
  const program = new Command("marketplace")
    .description(
      "Build, sign, validate, upload and deprecate signed appliance metadata; check an image against the site policy; log in; create a signing certificate.",
    )
    .version(VERSION, "--version")
    .option("-v, --verbose", "more output; repeat for more (stack traces on errors)", (_v: string, n: number) => n + 1, 0)
    .option("-q, --quiet", "less output")
    .option(
      "-c, --config <file>",
      `config file with defaults such as marketplace_endpoint (default: ${defaultConfigFile()} when it exists)`,
    )
    .showHelpAfterError()
    .exitOverride()
    .hook("preAction", () => useConfigFile(program.opts<{ config?: string }>().config));
  const globals = () => {
    const o = program.opts<{ verbose: number; quiet?: boolean }>();
    return { verbose: o.verbose, quiet: Boolean(o.quiet) };
  };
  registerBuildMetadata(program, globals);
  registerSignMetadata(program);
  registerValidateMetadata(program, globals);
  registerUploadMetadata(program);
  registerDeprecateMetadata(program);
  registerLogin(program);
  registerLogout(program);
  registerCreateCertificate(program);
  registerCreateImage(program);
  registerContextDisk(program);
  registerCheckImage(program, globals);
  return program;
}
