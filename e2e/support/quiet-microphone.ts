// A quiet fake microphone for big meetings: Chromium's fake one beeps without pause, so in
// a room of ten everyone would be talking at once and nobody's Opus would ever pause. In a
// real meeting most people listen; with a silent file (--use-file-for-fake-audio-capture,
// looped) their microphones send what a listener's sends: DTX comfort noise a few times a
// second instead of 50 packets, as the SFU negotiates (src/client/call/sfu-publisher.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface QuietMicrophone {
  /** The Chromium flag that makes every microphone of a browser play the file. */
  readonly flag: string;
  remove(): Promise<void>;
}

const SAMPLE_RATE = 48_000;

/** Writes one second of 16-bit mono silence as a WAV file. */
export async function writeQuietMicrophone(): Promise<QuietMicrophone> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-wav-'));
  const file = join(dir, 'quiet.wav');
  const data = SAMPLE_RATE * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data, 40);
  await writeFile(file, Buffer.concat([header, Buffer.alloc(data)]));
  return {
    flag: `--use-file-for-fake-audio-capture=${file}`,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
