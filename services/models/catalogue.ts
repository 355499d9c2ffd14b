/**
 * The Whisper models the app knows how to fetch: whisper.cpp's ggml conversions of OpenAI's
 * checkpoints, as published in the ggerganov/whisper.cpp model repository. Sizes are exact
 * byte counts; `sha256` is checked after every download, `sha1` is the digest whisper.cpp's own
 * model list publishes (kept so a user can cross-check by hand).
 */

/** Where the published files live; `<base>/ggml-<name>.bin`. */
export const MODEL_BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

/** One downloadable model. */
export interface ModelEntry {
  /** Short name used on the command line, e.g. `base.en`. */
  name: string;
  /** File name on disk and on the server, e.g. `ggml-base.en.bin`. */
  file: string;
  /** Exact size in bytes. */
  sizeBytes: number;
  /** Lower-case hex SHA-256 of the file, or `null` when unknown (then computed and recorded). */
  sha256: string | null;
  /** Lower-case hex SHA-1 as listed by whisper.cpp. */
  sha1: string | null;
  /** One line for `models list`. */
  description: string;
}

/** The catalogue, smallest first; English-only models first within a size. */
export const MODEL_CATALOGUE: readonly ModelEntry[] = [
  {
    name: 'tiny.en',
    file: 'ggml-tiny.en.bin',
    sizeBytes: 77_704_715,
    sha256: '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f',
    sha1: 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df',
    description: 'English, fastest; good for live captions and slow machines',
  },
  {
    name: 'tiny',
    file: 'ggml-tiny.bin',
    sizeBytes: 77_691_713,
    sha256: 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21',
    sha1: 'bd577a113a864445d4c299885e0cb97d4ba92b5f',
    description: 'multilingual, fastest',
  },
  {
    name: 'base.en',
    file: 'ggml-base.en.bin',
    sizeBytes: 147_964_211,
    sha256: 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002',
    sha1: '137c40403d78fd54d454da0f9bd998f78703390c',
    description: 'English, balanced speed and accuracy (recommended)',
  },
  {
    name: 'base',
    file: 'ggml-base.bin',
    sizeBytes: 147_951_465,
    sha256: '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe',
    sha1: '465707469ff3a37a2b9b8d8f89f2f99de7299dac',
    description: 'multilingual, balanced',
  },
  {
    name: 'small.en',
    file: 'ggml-small.en.bin',
    sizeBytes: 487_614_201,
    sha256: 'c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d',
    sha1: 'db8a495a91d927739e50b3fc1cc4c6b8f6c2d022',
    description: 'English, most accurate of these, and the slowest',
  },
  {
    name: 'small',
    file: 'ggml-small.bin',
    sizeBytes: 487_601_967,
    sha256: '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b',
    sha1: '55356645c2b361a969dfd0ef2c5a50d530afd8d5',
    description: 'multilingual, most accurate here',
  },
];

/** Models tried, in order, when no model is named: the best trade-off first. */
export const MODEL_PREFERENCE: readonly string[] = [
  'base.en',
  'small.en',
  'tiny.en',
  'base',
  'small',
  'tiny',
];

/** The catalogue entry called `name`, or `undefined`. */
export function findModelEntry(
  name: string,
  catalogue: readonly ModelEntry[] = MODEL_CATALOGUE,
): ModelEntry | undefined {
  return catalogue.find((entry) => entry.name === name);
}

/** Download address of `entry` under `baseUrl` (default {@link MODEL_BASE_URL}). */
export function modelUrl(entry: ModelEntry, baseUrl: string = MODEL_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/${entry.file}`;
}
