import { describe, expect, it } from 'vitest';
import { readClauseGrammar } from '../../../core/language/grammar';

const read = (clause: string) => readClauseGrammar(clause.split(' '));

describe('readClauseGrammar', () => {
  it.each([
    ['i rolled back the deploy', 'i', 'fact', false],
    ['i did not roll back the deploy', 'i', 'fact', true],
    ['i would have rolled back the deploy', 'i', 'counterfactual', false],
    ['i would tighten the canary', 'i', 'prospective', false],
    ['we could add a canary stage', 'we', 'prospective', false],
    ['customers could not log in', 'thing', 'fact', true],
    ['nobody wrote a runbook', 'nobody', 'fact', true],
    ['the payments team pushed a config change', 'team', 'fact', false],
  ])('reads "%s": subject %s, mood %s, negated %s', (clause, subject, mood, negated) => {
    const g = read(clause);
    expect([g.subject, g.mood, g.negated]).toEqual([subject, mood, negated]);
  });
});
