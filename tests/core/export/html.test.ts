import { describe, expect, it } from 'vitest';
import { escapeHtml, exportSession, relativeFileUrl, toHtml } from '../../../core/export';
import { fixtureRecord } from './fixture';

const HOSTILE = `<script>alert(1)</script> "><img src=x onerror=alert(2)> 'x' & more`;
const HOSTILE_ESCAPED =
  '&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt; &#39;x&#39; &amp; more';

/** Every tag name the page may contain; anything else came from record text. */
const ALLOWED_TAGS = new Set(
  'html head meta title style body header div section h1 h2 h3 p small b br audio span i ol ul li blockquote strong details summary mark'.split(
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
    expect(html).toContain(`<li class="missing"><b>Not heard:</b> ${HOSTILE_ESCAPED}</li>`);
    expect(html).toContain(`<p>Why: ${HOSTILE_ESCAPED}</p>`.replace('<p>', '<p class="meta">'));
    expect(html).toContain(`<li>${HOSTILE_ESCAPED}</li>`);
    // 19 hostile fields: the scenario title shows twice (title and heading); the criterion's own
    // title gives way to the rubric's name for its id; the weight shows as no share.
    expect(html.split(HOSTILE_ESCAPED).length - 1).toBe(18);
  });

  it('has no script of any kind and forbids scripts by policy', () => {
    const html = toHtml(fixtureRecord());
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; media-src * data:">`,
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

  it('reads like the report: score and meaning, changes, delivery, counted criteria, metrics in words, marked transcript', () => {
    const html = toHtml(fixtureRecord());
    expect(html).toContain(
      '<div class="score"><b>50</b><small> / 100</small><span>Below the bar · 2.0 of 4</span></div>',
    );
    expect(html).toContain(
      '<p class="meaning">Some signals landed, but a panel would lean no hire on this answer.</p>',
    );
    expect(html).toContain(
      '<li><strong>Trade-off transparency</strong> <span class="gain">up to +11</span><br>You said <span class="quote">&ldquo;We added a canary stage.&rdquo;</span> <span class="time">0:15</span><br>Name what the canary costs and what it buys.',
    );
    expect(html).toContain(
      '<blockquote>What was the time to recover, start to finish?</blockquote><p class="meta">Why: No recovery time was given.</p>',
    );
    expect(html).toContain(
      '<div class="fig">131 <small>words a minute</small></div><div class="meter"><i class="band" style="left:54.5%;width:18.2%"></i><i class="mark" style="left:59.7%"></i></div>',
    );
    expect(html).toContain('<p class="meta small">long at 0:04, 1.3 s; stall at 0:09, 3.0 s</p>');
    expect(html).toContain(
      '<h3>Numbers as anchors</h3><span class="share">counts 22%</span><span class="pips" aria-hidden="true">&#9679;&#9679;&#9679;&#9675;</span><strong>3/4 Solid</strong>',
    );
    // A criterion the scenario does not weigh is apart, not a failure.
    expect(html).toContain(
      '<details><summary>Not counted for this scenario (1)</summary><div class="crit"><div class="crit-head"><h3>SLO-first design</h3>',
    );
    expect(html).toContain(
      '<li><strong>Users affected: 40,000</strong> <span class="quote">&ldquo;forty thousand users&rdquo;</span> <span class="time">0:13</span></li>',
    );
    expect(html).toContain(
      '<mark class="ev">I paged</mark> the database team and rolled back the deploy <mark class="ev">within</mark> <mark class="num">twelve minutes</mark> <span class="pause stall">&#9632; stall 3.0 s</span> <mark class="fil">you know</mark>',
    );
    expect(html).toContain(
      '<p class="hint">Times count from the end of the opening prompt; in this recording that is at 0:06.</p>',
    );
  });

  it('embeds the replay as a data URI when given one, and refuses anything else there', () => {
    const uri = 'data:audio/wav;base64,UklGRiQAAABXQVZF';
    expect(toHtml(fixtureRecord(), { audioDataUri: uri })).toContain(
      `<audio controls preload="metadata" src="${uri}"></audio>`,
    );
    for (const bad of [
      'data:text/html;base64,PHNjcmlwdD4=',
      'https://example.com/a.wav',
      'data:audio/wav;base64,"><b>',
    ]) {
      expect(() => toHtml(fixtureRecord(), { audioDataUri: bad })).toThrow(
        'audioDataUri must be a data:audio/wav;base64 URI',
      );
    }
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
