/**
 * The original client's user config file (reference section 6): an INI file whose `[default]` section
 * may name the section to use (`selected_section = …`). A key is looked up in the selected section,
 * then in `[default]`. Keys are case-insensitive; `#` and `;` start comment lines.
 */
import fs from "node:fs";
import { UsageError } from "./cli-error";

export interface ConfigValues {
  file: string;
  values: Map<string, string>;
}

export function readConfigFile(file: string): ConfigValues {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { file, values: selectedValues(parseIni(text, file)) };
}

function parseIni(text: string, file: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      const name = (section[1] as string).trim().toLowerCase();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!pair || !current)
      throw new UsageError(`config file ${file}, line ${index + 1}: expected "[section]" or "key = value", found "${line}"`);
    current.set((pair[1] as string).toLowerCase(), pair[2] as string);
  });
  return sections;
}

function selectedValues(sections: Map<string, Map<string, string>>): Map<string, string> {
  const defaults = sections.get("default") ?? new Map<string, string>();
  const selected = defaults.get("selected_section")?.toLowerCase();
  return new Map([...defaults, ...(selected ? (sections.get(selected) ?? new Map<string, string>()) : new Map<string, string>())]);
}
