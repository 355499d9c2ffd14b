import { describe, expect, it } from 'vitest';
import { escapeHtml, exportSession, relativeFileUrl, toHtml } from '../../../core/export';
import { fixtureRecord } from './fixture';

const HOSTILE = `<script>alert(1)</script> "><img src=x onerror=alert(2)> 'x' & more`;
const HOSTILE_ESCAPED =
  '&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt; &#39;x&#39; &amp; more';

/** Every tag name the page may contain; anything else came from record text. */
const ALLOWED_TAGS = new Set(
  'html head meta title style body header div h1 h2 h3 p small audio table thead tbody tr th td span i ul li dl dt dd blockquote strong'.split(
    ' ',
  ),
);

function hostileRecord() {
  const record = fixtureRecord();
  record.scenario.title = HOSTILE;
  record.scenario.id = HOSTILE;
  record.scenario.track = HOSTILE;
  record.createdAt = HOSTILE;
  record.transcript.words = record.transcript.words.map((w, i) =>
    i === 3 ? { ...w, text: HOSTILE } : w,
  );
  record.prompts[1]!.text = HOSTILE;
  const c = record.report.criteria[0]!;
  c.title = HOSTILE;
  c.evidence[0]!.text = HOSTILE;
  c.evidence[0]!.label = HOSTILE;
  c.missing[0] = HOSTILE;
  record.report.metrics[0]!.text = HOSTILE;
  record.report.metrics[0]!.unit = HOSTILE;
  record.report.coaching[0]!.advice = HOSTILE;
  record.report.coaching[0]!.example = HOSTILE;
  record.report.followUp!.prompt = HOSTILE;
  record.report.followUp!.reason = HOSTILE;
  record.timing.fillers[0]!.text = HOSTILE;
  record.warnings = [HOSTILE];
  // A hand-edited session.json can put text where numbers belong.
  (c as unknown as { weight: string }).weight = HOSTILE;
  return record;
}

describe('escapeHtml', () => {
  it.each([
    ['<script>', '&lt;script&gt;'],
    ['"onerror="', '&quot;onerror=&quot;'],
    ["it's", 'it&#39;s'],
    ['AT&T &amp;', 'AT&amp;T &amp;amp;'],
    ['p99 latency 250 ms', 'p99 latency 250 ms'],
    ['', ''],
  ])('%j -> %j', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});

describe('toHtml', () => {
  it('keeps hostile text from every field of the record inert', () => {
    const html = toHtml(hostileRecord());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!));
    expect([...tags].filter((t) => !ALLOWED_TAGS.has(t.toLowerCase()))).toEqual([]);
    // No attribute that could run code, inside any tag.
    expect([...html.matchAll(/<[a-z][^>]*>/gi)].filter((m) => /\son\w+\s*=/i.test(m[0]))).toEqual(
      [],
    );
    expect(html).toContain(`<title>${HOSTILE_ESCAPED}</title>`);
    expect(html).toContain(`<td>${HOSTILE_ESCAPED}</td>`);
    expect(html).toContain(`<li class="missing">Missing: ${HOSTILE_ESCAPED}</li>`);
    expect(html).toContain(`<p>Why: ${HOSTILE_ESCAPED}</p>`.replace('<p>', '<p class="meta">'));
    expect(html).toContain(`<li>${HOSTILE_ESCAPED}</li>`);
    // 19 hostile fields; the scenario and criterion titles each appear twice.
    expect(html.split(HOSTILE_ESCAPED).length - 1).toBe(21);
  });

  it('has no script of any kind and forbids scripts by policy', () => {
    const html = toHtml(fixtureRecord());
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; media-src *">`,
    );
  });

  it('plays the replay audio that sits beside the page', () => {
    expect(toHtml(fixtureRecord())).toContain(
      '<audio controls preload="metadata" src="replay.wav"></audio>',
    );
    expect(toHtml(fixtureRecord(), { audioFileName: `take "1" #2.wav` })).toContain(
      'src="take%20%221%22%20%232.wav"',
    );
  });

  it('shows the same content as the markdown, laid out', () => {
    const html = toHtml(fixtureRecord());
    expect(html).toContain('<div class="overall">50<small>overall / 100</small></div>');
    expect(html).toContain(
      '<tr><td>Numbers as anchors</td><td><span class="bar s3"><i></i></span>3/4</td><td>2</td></tr>',
    );
    expect(html).toContain(
      '<li><span class="quote">&ldquo;within twelve minutes&rdquo;</span> <span class="time">0:08</span> rollback time</li>',
    );
    expect(html).toContain(
      '<tr><td>Users affected</td><td>40000 users</td><td><span class="quote">&ldquo;forty thousand users&rdquo;</span> <span class="time">0:13</span></td></tr>',
    );
    expect(html).toContain('<dt>Fillers</dt><dd>2 (um ×1, you know ×1)</dd>');
    expect(html).toContain('<li>stall at <span class="time">0:09</span>, 3.0 s</li>');
    expect(html).toContain(
      '<blockquote>What was the time to recover, start to finish?</blockquote>',
    );
    expect(html).toContain('<p class="pause">(long, 1.3 s)</p>');
    expect(html).toContain(
      '<p><span class="time">0:06</span> I paged the database team and rolled back the deploy within twelve minutes</p>',
    );
    expect(html).toContain(
      '<p class="hint">Times below count from the end of the opening prompt; in this recording that is at 0:06.</p>',
    );
  });
});

describe('relativeFileUrl', () => {
  it.each([
    ['replay.wav', 'replay.wav'],
    ['takes/replay 1.wav', 'takes/replay%201.wav'],
    ['a?b#c.wav', 'a%3Fb%23c.wav'],
  ])('%j -> %j', (name, url) => {
    expect(relativeFileUrl(name)).toBe(url);
  });

  it.each(['javascript:alert(1)', 'https://example.com/a.wav', '//host/a.wav', ' '])(
    'refuses %j with a message saying what to pass',
    (name) => {
      expect(() => exportSession(fixtureRecord(), 'html', { audioFileName: name })).toThrow(
        /audioFileName (must be a file name beside the page|is empty)/,
      );
    },
  );
});
