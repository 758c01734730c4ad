/** Contact duties and 代表码, pure rules (core/groups/contacts.rules.ts). */
import {
  checkHousehold,
  checkVisit,
  deputyScene,
  parseDeputyScene,
  visitDescription,
} from '../../../core/groups/contacts.rules';

describe('the deputy code scene', () => {
  it('names the deputy and the township within 32 characters', () => {
    expect(deputyScene('d01', 'jingu')).toBe('d=d01&t=jingu');
    expect(deputyScene('d01')).toBe('d=d01');
    expect(deputyScene('x'.repeat(30), 'jingu')).toBeNull();
  });

  it('reads back what the mini-program receives (URI-encoded) and refuses other codes', () => {
    expect(parseDeputyScene(encodeURIComponent('d=d02&t=jingu'))).toEqual({
      deputyId: 'd02',
      township: 'jingu',
    });
    expect(parseDeputyScene('d=d02')).toEqual({ deputyId: 'd02' });
    expect(parseDeputyScene('JG01')).toBeNull();
    expect(parseDeputyScene('d=<x>')).toBeNull();
  });
});

describe('households and visits', () => {
  it('trims a household and refuses a missing or long part', () => {
    expect(checkHousehold({ householdName: ' 孙大爷 ', villageCode: 'jingu', situation: ' 独居 ' })).toEqual({
      householdName: '孙大爷',
      villageCode: 'jingu',
      situation: '独居',
    });
    expect(checkHousehold({ householdName: '', villageCode: 'jingu', situation: '独居' })).toBeNull();
    expect(
      checkHousehold({ householdName: '孙'.repeat(21), villageCode: 'jingu', situation: '独居' }),
    ).toBeNull();
    expect(
      checkHousehold({ householdName: '孙大爷', villageCode: 'jingu', situation: '难'.repeat(201) }),
    ).toBeNull();
  });

  it('refuses an empty note or people out of range', () => {
    expect(checkVisit({ note: ' 送米 ', peopleReached: 1 })).toBe('送米');
    expect(checkVisit({ note: ' ', peopleReached: 1 })).toBeNull();
    expect(checkVisit({ note: '送米', peopleReached: -1 })).toBeNull();
    expect(checkVisit({ note: '送米', peopleReached: 1.5 })).toBeNull();
  });

  it('describes a visit by its village, never the household', () => {
    expect(visitDescription('help', '金鼓村', '送米')).toBe('帮扶结对困难户（金鼓村）：送米');
  });
});
