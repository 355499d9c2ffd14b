import { describe, expect, it } from 'vitest';
import { criterionOf, scoresOf } from '../fixtures';

describe('incident lens: problem, process, people before the technical fix', () => {
  it.each([
    [
      'users were seeing 500 errors on checkout so i declared a sev 2 and paged the payments on call then i rolled back the release',
      4,
    ],
    [
      'customers could not log in. I declared an incident and opened the incident channel. Then I restarted the auth pods and updated customer support.',
      3,
    ],
    ['the problem was that customers could not log in and i restarted the auth pods', 1],
    ['i rolled back the release and then i opened an incident channel', 1],
    ['we fixed it', 0],
    ['', 0],
  ])('scores "%s" %d', (answer, score) => {
    expect(criterionOf(answer, 'incidentLens').score).toBe(score);
  });

  it('labels each lens with the words that state it, and the fix', () => {
    const c = criterionOf(
      'users were seeing 500 errors on checkout so i declared a sev 2 and paged the payments on call then i rolled back the release',
      'incidentLens',
    );
    expect(c.evidence).toEqual([
      { text: 'users were seeing 500 errors on checkout', label: 'Problem' },
      { text: 'so i declared a sev 2 and paged the payments on call', label: 'Process' },
      { text: 'so i declared a sev 2 and paged the payments on call', label: 'People' },
      { text: 'then i rolled back the release', label: 'technical fix' },
    ]);
    expect(c.missing).toEqual([]);
  });

  it('says which lens came only after the fix', () => {
    expect(
      criterionOf('i rolled back the release and then i opened an incident channel', 'incidentLens')
        .missing,
    ).toEqual([
      'No problem statement before the fix: say who was hurt and how (shoppers who could not check out, requests failing).',
      'Process came only after the fix: state problem, process and people before the technical fix.',
      'No people before the fix: say who you pulled in and who you kept informed.',
    ]);
  });

  it('wins on the lens, and only there, when the same sentences put the fix last', () => {
    const fixFirst = scoresOf(
      'Our payments API went down last Monday. I rolled back the release. Customers could not pay. I declared a SEV-2, opened the incident channel and paged the payments team.',
    );
    const fixLast = scoresOf(
      'Our payments API went down last Monday. Customers could not pay. I declared a SEV-2, opened the incident channel and paged the payments team. I rolled back the release.',
    );
    expect([fixFirst.incidentLens, fixLast.incidentLens]).toEqual([1, 4]);
    expect({ ...fixLast, incidentLens: 0 }).toEqual({ ...fixFirst, incidentLens: 0 });
  });
});
