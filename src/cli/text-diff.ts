/** Lines of each side a diff shows before it says how many more there are. */
const MAX_LINES = 12;
/** Characters of unchanged text kept on each side of a change within one line. */
const CONTEXT = 30;
/** Characters of a changed line shown before it is cut. */
const MAX_LINE = 160;

/**
 * A compact diff of two bodies for a terminal, recorded (`-`) against new (`+`): the lines both
 * share at the start and at the end are left out, and when one line differs from one line only
 * the changed part is shown, with a little context. Two JSON bodies are compared as indented
 * JSON with sorted keys, the way the replay compares them (spacing and key order do not count).
 * Every line is indented by `indent`.
 *
 * @example
 * ```ts
 * compactDiff('{"id":"573","name":"morpheus"}', '{"id":"574","name":"morpheus"}');
 * // '-   "id": "573",\n+   "id": "574",'
 * ```
 */
export function compactDiff(recorded: string, current: string, indent = ''): string {
  const json = bothJson(recorded, current);
  // Equal as JSON but not as text (a text body that happens to parse): show the text.
  const [before, after] = json !== undefined && json[0] !== json[1] ? json : [recorded, current];
  let old = before === '' ? [] : before.split('\n');
  let now = after === '' ? [] : after.split('\n');
  let start = 0;
  while (start < old.length && start < now.length && old[start] === now[start]) start += 1;
  let end = 0;
  while (end < old.length - start && end < now.length - start && old[old.length - 1 - end] === now[now.length - 1 - end]) end += 1;
  old = old.slice(start, old.length - end);
  now = now.slice(start, now.length - end);
  if (old.length === 1 && now.length === 1) [old, now] = changedParts(old[0]!, now[0]!);
  return [...side('-', old, before === ''), ...side('+', now, after === '')].map((line) => `${indent}${line}`).join('\n');
}

/** Both texts as indented JSON with sorted keys, when both parse; undefined otherwise. */
function bothJson(recorded: string, current: string): [string, string] | undefined {
  try {
    return [JSON.stringify(sorted(JSON.parse(recorded)), null, 2), JSON.stringify(sorted(JSON.parse(current)), null, 2)];
  } catch {
    return undefined;
  }
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, sorted(object[key])]),
  );
}

/** The part of each line that differs, with `CONTEXT` characters around it and `…` where cut. */
function changedParts(old: string, now: string): [string[], string[]] {
  let prefix = 0;
  while (prefix < old.length && prefix < now.length && old[prefix] === now[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < old.length - prefix && suffix < now.length - prefix && old[old.length - 1 - suffix] === now[now.length - 1 - suffix]) suffix += 1;
  const from = Math.max(0, prefix - CONTEXT);
  const cut = (line: string): string => {
    const to = Math.min(line.length, line.length - suffix + CONTEXT);
    return `${from > 0 ? '…' : ''}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
  };
  return [[cut(old)], [cut(now)]];
}

function side(mark: '-' | '+', lines: readonly string[], empty: boolean): string[] {
  if (empty) return [`${mark} (empty)`];
  const shown = lines.slice(0, MAX_LINES).map((line) => `${mark} ${line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line}`);
  if (lines.length > MAX_LINES) shown.push(`${mark} … ${lines.length - MAX_LINES} more lines`);
  return shown;
}
