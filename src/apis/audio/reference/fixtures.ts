/**
 * The reference's speech in the compressed formats: small files of a tone, made once by
 * `fixtures/make-fixtures.sh` (ffmpeg) and committed, 1 s and 3 s long. A request gets the one
 * whose length is nearest (by ratio) to reading its input at its speed.
 */
import { readFileSync } from 'node:fs'
import { expectedSeconds, type SpeechFormat } from '../formats.ts'

/** The formats the reference serves from fixtures (the others it makes in code, ./tone.ts). */
export type FixtureFormat = Exclude<SpeechFormat, 'wav' | 'pcm'>

/** The fixtures' lengths, seconds. */
export const FIXTURE_SECONDS = [1, 3] as const

const loaded = new Map<string, Uint8Array>()

/** The fixture of `format` lasting `seconds` (one of FIXTURE_SECONDS), read once. */
export function fixture(format: FixtureFormat, seconds: (typeof FIXTURE_SECONDS)[number]): Uint8Array {
  const name = `tone-${seconds}s.${format}`
  let bytes = loaded.get(name)
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
    loaded.set(name, bytes)
  }
  return bytes
}

/** The fixture nearest in length to reading `input` at `speed`. */
export function fixtureFor(format: FixtureFormat, input: string, speed: number): Uint8Array {
  const wanted = expectedSeconds(input, speed)
  const distance = (seconds: number) => Math.abs(Math.log(seconds / wanted))
  const nearest = FIXTURE_SECONDS.reduce((best, seconds) => (distance(seconds) < distance(best) ? seconds : best))
  return fixture(format, nearest)
}
