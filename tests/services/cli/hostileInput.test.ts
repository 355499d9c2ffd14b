import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../../core/audio/wav';
import { runCli } from '../../../cli/main';

const dir = mkdtempSync(join(tmpdir(), 'mi-cli-hostile-'));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd: dir,
    env: { ...process.env, MOCK_INTERVIEWER_MODELS_DIR: join(dir, 'models') },
  });
  return { code, stdout, stderr };
}

const OSC52 = '\u001b]52;c;cm0gLXJmIH4=\u0007';
const TITLE = '\u001b]0;you have been pwned\u001b\\';
const CLEAR = '\u001b[2J\u001b[H';
const C1_CLEAR = '\u009b2J';

describe('readable output of text from a transcript', () => {
  it('strips terminal control sequences (clipboard, window title, clear screen)', async () => {
    const file = join(dir, 'answer.txt');
    writeFileSync(
      file,
      `I paged the on-call engineer ${OSC52}and I rolled back ${TITLE}in twelve minutes. ` +
        `Forty thousand users ${CLEAR}saw failed payments ${C1_CLEAR}for 45 minutes.\n`,
    );
    const { code, stdout } = await run(['score', '--text', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('"Forty thousand users saw failed payments for 45 minutes"');
    // eslint-disable-next-line no-control-regex
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('keeps the escapes as JSON escapes in --json output', async () => {
    const file = join(dir, 'answer-json.txt');
    writeFileSync(file, `I paged the on-call engineer ${OSC52}and rolled back.\n`);
    const { stdout } = await run(['score', '--text', file, '--json']);
    expect(stdout).not.toContain('\u001b');
  });
});

describe('files that are not regular files', () => {
  it.each([
    ['analyze', (p: string) => ['analyze', p, '--no-transcribe']],
    ['score', (p: string) => ['score', p]],
    ['score --text', (p: string) => ['score', '--text', p]],
  ])('%s refuses a named pipe instead of waiting on it forever', async (_label, argv) => {
    const fifo = join(dir, `pipe-${_label.replace(/\W/g, '')}.wav`);
    execFileSync('mkfifo', [fifo]);
    const { code, stderr } = await run(argv(fifo));
    expect(code).toBe(2);
    expect(stderr).toBe(
      `mock-interviewer: cannot read ${fifo}: it is not a regular file (a pipe, device or folder); give a file\n`,
    );
  });

  it('analyze refuses a recording over 512 MB before reading it, naming the limit', async () => {
    const big = join(dir, 'big.wav');
    writeFileSync(big, encodeWav(new Float32Array(16)));
    execFileSync('truncate', ['-s', String(512 * 1024 * 1024 + 1), big]);
    const { code, stderr } = await run(['analyze', big, '--no-transcribe']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `mock-interviewer: cannot read ${big}: it is 513 MB, over the 512 MB recording size limit; cut it into parts of at most one hour\n`,
    );
  });
});

describe('models --dir and --name', () => {
  it('says that --dir names a file, not a folder', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const { code, stderr } = await run(['models', 'list', '--dir', file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`--dir ${file} is a file, not a folder; give a folder for the models\n`);
  });

  it('refuses to import over a catalogue model without --force', async () => {
    const models = join(dir, 'models-import');
    const source = join(dir, 'ggml-tiny-custom.bin');
    // The ggml magic, little-endian, then padding.
    writeFileSync(source, Buffer.concat([Buffer.from('lmgg', 'latin1'), Buffer.alloc(1024)]));
    const { code, stderr } = await run([
      'models',
      'import',
      source,
      '--name',
      'base.en',
      '--dir',
      models,
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      '"base.en" is the name of a catalogue model; import under another --name, or add --force to replace it\n',
    );
  });
});
