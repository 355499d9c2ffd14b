import { describe, expect, it } from 'vitest';
import { TAKE_STATUSES, takeActions } from '../../../core/sessions/take';

describe('what the library offers for a take', () => {
  it.each([
    ['recording', ['recover']],
    ['transcribing', ['transcribeAgain']],
    ['scored', ['transcribeAgain']],
    ['scoringFailed', ['scoreAgain']],
    ['cancelled', []],
  ] as const)('a take %s offers %j', (status, actions) => {
    expect(takeActions(status)).toEqual(actions);
  });

  it('covers every state', () => {
    expect(TAKE_STATUSES).toEqual([
      'recording',
      'transcribing',
      'scored',
      'scoringFailed',
      'cancelled',
    ]);
  });
});
