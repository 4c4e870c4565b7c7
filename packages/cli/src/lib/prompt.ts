import { createInterface, type Interface } from 'node:readline';
import { CliError } from './errors.ts';

/**
 * Whether questions may be asked: stdin is a terminal, or PRAT_FORCE_PROMPT is set (scripts and tests that answer on a
 * pipe). Anything else must fail instead of waiting for an answer nobody will type.
 */
export function canPrompt(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.stdin.isTTY === true || /^(1|true|yes)$/i.test(env.PRAT_FORCE_PROMPT ?? '');
}

let reader: { rl: Interface; lines: AsyncIterator<string> } | undefined;

/**
 * The next line of stdin. One reader serves every question: lines piped in at once are queued, not lost between two
 * questions. Undefined at end of input.
 */
export async function readLine(question: string): Promise<string | undefined> {
  process.stderr.write(question);
  if (!reader) {
    const rl = createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
    reader = { rl, lines: rl[Symbol.asyncIterator]() };
  }
  const next = await reader.lines.next();
  if (next.done) {
    process.stderr.write('\n');
    return undefined;
  }
  return next.value;
}

/** "Edit again? [Y/n]": an empty answer takes the default; end of input is "no". */
export async function confirm(question: string, byDefault: boolean): Promise<boolean> {
  const answer = await readLine(`${question} ${byDefault ? '[Y/n]' : '[y/N]'} `);
  if (answer === undefined) return false;
  const a = answer.trim().toLowerCase();
  if (a === '') return byDefault;
  return a === 'y' || a === 'yes';
}

/** Asks for a value or fails with `missing` when no one can answer. */
export async function ask(question: string, missing: string): Promise<string> {
  if (!canPrompt()) throw new CliError(missing);
  const answer = await readLine(question);
  if (answer === undefined || answer.trim() === '') throw new CliError(missing);
  return answer.trim();
}

/** Reads a password without echoing it on a terminal; from a forced prompt it is read as a plain line. */
export async function askSecret(question: string, missing: string): Promise<string> {
  if (!canPrompt()) throw new CliError(missing);
  if (!process.stdin.isTTY) return ask(question, missing);
  const secret = await readHidden(question);
  if (secret === '') throw new CliError(missing);
  return secret;
}

function readHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // The line reader would also see (and keep) what is typed here: it stops first.
  reader?.rl.close();
  reader = undefined;
  // Echo goes off before the question shows, so nothing typed after it is ever echoed.
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new CliError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * mmctl's guard before destroying data: --confirm, or typing YES at a terminal. Without a terminal it fails, as mmctl
 * does, rather than destroy without being asked.
 */
export async function requireConfirmation(confirmed: boolean | undefined, question: string): Promise<void> {
  if (confirmed) return;
  if (!canPrompt()) throw new CliError('could not proceed: add --confirm, or run the command in an interactive shell to confirm');
  const answer = await readLine(`${question} (YES/NO): `);
  if (answer?.trim() !== 'YES') throw new CliError('aborted: you did not answer YES');
}
