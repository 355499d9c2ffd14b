import { describe, expect, it } from 'vitest';
import { segmentStory, splitClauses, analyzeText } from '../../../core/rubric';
import { transcriptFromWords } from '../../../core/transcript';
import { STRONG_INCIDENT, WEAK_INCIDENT, asSpeechEngineText, timedWords } from './fixtures';

const parts = (text: string) => segmentStory({ text }).map((s) => s.part);

describe('splitClauses', () => {
  it('splits run-on speech where a new subject takes a past-tense verb', () => {
    const a = analyzeText({
      text: 'what told me was the login rate it tripled in five minutes and the revert took about ninety seconds to roll out recovery took thirty one minutes',
    });
    expect(
      splitClauses(a).map((c) =>
        a.words
          .slice(c.start, c.end + 1)
          .map((w) => w.text)
          .join(' '),
      ),
    ).toEqual([
      'what told me was the login rate',
      'it tripled in five minutes',
      'and the revert took about ninety seconds to roll out',
      'recovery took thirty one minutes',
    ]);
  });

  it('keeps a clause whole where its verb takes a clause: "figured out it was"', () => {
    const a = analyzeText({
      text: 'so the team looked into it and we figured out it was a config change',
    });
    expect(splitClauses(a)).toHaveLength(2);
  });

  it('splits an unpunctuated, lower-case answer at discourse cues', () => {
    const a = analyzeText({
      text: 'so we had an outage on the payments api then i paged the database on call after that i rolled back the release and the error rate dropped looking back i would add a canary',
    });
    expect(
      splitClauses(a).map((c) =>
        a.words
          .slice(c.start, c.end + 1)
          .map((w) => w.text)
          .join(' '),
      ),
    ).toEqual([
      'so we had an outage on the payments api',
      'then i paged the database on call',
      'after that i rolled back the release',
      'and the error rate dropped',
      'looking back i would add a canary',
    ]);
  });

  it('splits at a new first-person subject once a clause has some length', () => {
    const a = analyzeText({
      text: 'the checkout api was timing out for everyone i opened the dashboard',
    });
    expect(splitClauses(a)).toEqual([
      { start: 0, end: 7 },
      { start: 8, end: 11 },
    ]);
  });

  it('splits at a long silence between timed words', () => {
    const words = timedWords('the queue backed up badly we drained it slowly', {
      wordsPerMinute: 150,
      pausesBefore: { 5: 900 },
    });
    expect(splitClauses(analyzeText(transcriptFromWords(words)))).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 8 },
    ]);
  });

  it('forces a break in a run-on answer with no cues', () => {
    const text = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ');
    const clauses = splitClauses(analyzeText({ text }));
    expect(clauses.map((c) => c.end - c.start + 1)).toEqual([40, 40, 10]);
  });
});

describe('segmentStory', () => {
  it('finds all five parts, in order, in a punctuated story', () => {
    expect(parts(STRONG_INCIDENT)).toEqual(['situation', 'task', 'action', 'result', 'evaluation']);
  });

  it('finds the same parts in the story as a speech engine writes it', () => {
    expect(parts(asSpeechEngineText(STRONG_INCIDENT))).toEqual([
      'situation',
      'task',
      'action',
      'result',
      'evaluation',
    ]);
  });

  it('reads a weak story without a task', () => {
    expect(parts(WEAK_INCIDENT)).toEqual(['situation', 'action', 'result', 'evaluation']);
  });

  it('keeps a Situation told at the end as a step back', () => {
    const segments = segmentStory({
      text: 'I rolled back the deploy and restarted the pods. Then I paged the database team. Looking back, we learned to canary config changes, and since then we added a runbook. It all started last Friday night, when our checkout service, which handles 2,000 orders a minute, began timing out during peak traffic.',
    });
    expect(segments.map((s) => s.part)).toEqual(['action', 'evaluation', 'situation']);
    expect(segments[2]?.text).toBe(
      'It all started last Friday night, when our checkout service, which handles 2,000 orders a minute, began timing out during peak traffic',
    );
  });

  it('covers every word once, with word indices and times from timed words', () => {
    const words = timedWords(
      'my job was to stop the bleeding. I rolled back the release. Checkout recovered.',
      { wordsPerMinute: 120, firstWordMs: 1000 },
    );
    const segments = segmentStory(transcriptFromWords(words));
    expect(segments).toEqual([
      {
        part: 'task',
        text: 'my job was to stop the bleeding',
        startWord: 0,
        endWord: 7,
        startMs: 1000,
        endMs: 4400,
      },
      {
        part: 'action',
        text: 'I rolled back the release',
        startWord: 7,
        endWord: 12,
        startMs: 4500,
        endMs: 6900,
      },
      {
        part: 'result',
        text: 'Checkout recovered',
        startWord: 12,
        endWord: 14,
        startMs: 7000,
        endMs: 7900,
      },
    ]);
  });

  it('gives no segments for an empty answer', () => {
    expect(segmentStory({ text: '   ' })).toEqual([]);
  });
});
