import { describe, expect, it } from 'vitest';
import {
  isPocketsphinxNonSpeech,
  parsePocketsphinxContinuous,
  parsePocketsphinxJson,
  pocketsphinxWordText,
} from '../../../core/transcription/pocketsphinxOutput';

/**
 * Recorded from `pocketsphinx_continuous -infile take.wav -time yes` (Debian bookworm,
 * 0.8+5prealpha, en-us model) on festival's voice reading two sentences 2 s apart.
 */
const CONTINUOUS_OUTPUT = `about it lasted forty five minutes and i rolled back of the release and four minutes
<s> 0.000 0.180 1.000400
about 0.190 0.580 0.485059
it 0.590 0.730 0.917126
lasted 0.740 1.180 0.994813
forty 1.190 1.580 0.999500
five 1.590 1.840 1.000100
minutes 1.850 2.230 1.000200
and 2.240 2.440 0.702267
i 2.450 2.520 0.934627
rolled 2.530 2.820 0.210898
back 2.830 3.160 0.974430
of 3.170 3.250 0.086667
<sil> 3.260 3.420 0.921355
the 3.430 3.540 0.924864
release 3.550 3.980 0.911457
and 3.990 4.150 0.553348
four 4.160 4.390 0.981177
minutes 4.400 4.910 0.990841
</s> 4.920 5.350 1.000000
i paged the database team and we restore service and twelve minutes
<s> 7.250 7.350 1.000200
i 7.360 7.550 0.941005
paged 7.560 7.900 0.018109
the 7.910 7.990 0.928014
database 8.000 8.670 1.000200
team 8.680 9.010 0.199192
<sil> 9.020 9.190 0.999400
and(2) 9.200 9.400 0.925049
we 9.410 9.580 0.997403
restore 9.590 10.040 0.950083
service 10.050 10.440 0.977162
and 10.450 10.560 0.881338
twelve 10.570 10.830 0.997204
minutes 10.840 11.350 1.000000
</s> 11.360 11.570 1.000000
`;

describe('parsePocketsphinxContinuous', () => {
  const words = parsePocketsphinxContinuous(CONTINUOUS_OUTPUT);

  it('reads every spoken word of both utterances, dropping <s>, </s> and <sil>', () => {
    expect(words.map((w) => w.text).join(' ')).toBe(
      'about it lasted forty five minutes and i rolled back of the release and four minutes ' +
        'i paged the database team and we restore service and twelve minutes',
    );
  });

  it('turns seconds into integer ms from the start of the file', () => {
    expect(words[0]).toEqual({ text: 'about', startMs: 190, endMs: 580, confidence: 0.485059 });
    expect(words.find((w) => w.text === 'database')).toMatchObject({ startMs: 8000, endMs: 8670 });
  });

  it('clamps probabilities above 1 to 1 and strips pronunciation variants', () => {
    expect(words.find((w) => w.text === 'five')?.confidence).toBe(1);
    expect(words.filter((w) => w.startMs === 9200)).toEqual([
      { text: 'and', startMs: 9200, endMs: 9400, confidence: 0.925049 },
    ]);
  });

  it('keeps spoken fillers and drops noise markers', () => {
    const out = parsePocketsphinxContinuous(
      [
        'um 0.100 0.300 0.9',
        '[NOISE] 0.310 0.500 0.9',
        'uh 0.510 0.700 0.8',
        '++BREATH++ 0.710 0.800 1',
        'so 0.810 1.000 0.7',
      ].join('\n'),
    );
    expect(out.map((w) => w.text)).toEqual(['um', 'uh', 'so']);
  });

  it('gives no words for output without segment lines', () => {
    expect(parsePocketsphinxContinuous('')).toEqual([]);
    expect(parsePocketsphinxContinuous('INFO: something\nhello world\n')).toEqual([]);
  });
});

/**
 * PocketSphinx 5's JSON lines, written to the format its README documents (b start s,
 * d duration s, p probability, t text, w word list); not a recording.
 */
const JSON_OUTPUT = [
  '{"b":0.000,"d":2.300,"p":0.912,"t":"um i rolled back","w":[{"b":0.000,"d":0.180,"p":1.000,"t":"<s>"},{"b":0.190,"d":0.300,"p":0.950,"t":"um"},{"b":0.500,"d":0.100,"p":0.990,"t":"i"},{"b":0.610,"d":0.400,"p":0.800,"t":"rolled"},{"b":1.020,"d":0.090,"p":0.700,"t":"<sil>"},{"b":1.120,"d":0.400,"p":0.970,"t":"back(2)"}]}',
  'not json',
  '{"b":3.000,"d":1.000,"p":0.5,"t":"","w":[]}',
].join('\n');

describe('parsePocketsphinxJson', () => {
  it('reads the w arrays of every line, in seconds to integer ms, without markers', () => {
    expect(parsePocketsphinxJson(JSON_OUTPUT)).toEqual([
      { text: 'um', startMs: 190, endMs: 490, confidence: 0.95 },
      { text: 'i', startMs: 500, endMs: 600, confidence: 0.99 },
      { text: 'rolled', startMs: 610, endMs: 1010, confidence: 0.8 },
      { text: 'back', startMs: 1120, endMs: 1520, confidence: 0.97 },
    ]);
  });
});

describe('pocketsphinx token helpers', () => {
  it.each([
    ['<s>', true],
    ['</s>', true],
    ['<sil>', true],
    ['[NOISE]', true],
    ['[SPEECH]', true],
    ['++UM++', true],
    ['um', false],
    ['uh', false],
    ["i'm(2)", false],
  ])('%s is non-speech: %s', (token, expected) => {
    expect(isPocketsphinxNonSpeech(token)).toBe(expected);
  });

  it.each([
    ['and(2)', 'and'],
    ["i'm(2)", "i'm"],
    ['minutes', 'minutes'],
    ['(2)', ''],
  ])('%s is the word %j', (token, expected) => {
    expect(pocketsphinxWordText(token)).toBe(expected);
  });
});
