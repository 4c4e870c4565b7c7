/** A column of a text table: its header and how to read a row's cell. */
export type Column<T> = [header: string, cell: (row: T) => unknown];

/**
 * Where a command's results go: JSON with --json (one value per command, so scripts can JSON.parse stdout), aligned
 * text otherwise, nothing on stdout with --quiet. Errors and warnings always go to stderr.
 */
export class Output {
  constructor(
    readonly json: boolean,
    readonly quiet: boolean,
    private readonly suppressWarnings = false,
  ) {}

  /** Prints one result: `value` as JSON with --json, else `text`. */
  print(value: unknown, text: string | (() => string)): void {
    if (this.quiet) return;
    if (this.json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
    else {
      const s = typeof text === 'string' ? text : text();
      if (s !== '') process.stdout.write(s.endsWith('\n') ? s : s + '\n');
    }
  }

  /** Prints a list: a JSON array with --json, else a table (or `empty` when there are no rows). */
  list<T>(rows: T[], columns: Column<T>[], opts: { json?: unknown[]; empty?: string } = {}): void {
    this.print(opts.json ?? rows, () => (rows.length === 0 ? (opts.empty ?? '') : table(rows, columns)));
  }

  warn(message: string): void {
    if (!this.suppressWarnings) process.stderr.write(`Warning: ${message}\n`);
  }

  error(message: string): void {
    process.stderr.write(`Error: ${message}\n`);
  }
}

/** Left-aligned columns with a header row, two spaces apart, as kubectl and docker print them. */
export function table<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((r) => columns.map(([, cell]) => show(cell(r))));
  const widths = columns.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map(([h]) => h)), ...cells.map(line)].join('\n');
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.replace(/\s*\n\s*/g, ' ');
  if (Array.isArray(v)) return v.map(show).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
