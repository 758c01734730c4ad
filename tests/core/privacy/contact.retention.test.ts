import {
  DEFAULT_CONTACT_RETENTION_DAYS,
  contactPurgeCutoff,
  isContactPurgeDue,
  retentionDaysFrom,
} from '../../../core/privacy/contact.retention';

describe('contact retention', () => {
  const ended = new Date('2026-01-10T03:00:00Z');

  it('keeps a contact for the retention period after it ended, removes it from then on', () => {
    expect(isContactPurgeDue(ended, new Date('2026-04-10T02:59:59Z'), 90)).toBe(false);
    expect(isContactPurgeDue(ended, new Date('2026-04-10T03:00:00Z'), 90)).toBe(true);
    expect(contactPurgeCutoff(new Date('2026-04-10T03:00:00Z'), 90)).toEqual(ended);
  });

  it('reads the configured days, falling back to 90 for anything that is not a number ≥ 0', () => {
    expect(DEFAULT_CONTACT_RETENTION_DAYS).toBe(90);
    expect(retentionDaysFrom(undefined)).toBe(90);
    expect(retentionDaysFrom('')).toBe(90);
    expect(retentionDaysFrom('abc')).toBe(90);
    expect(retentionDaysFrom('-1')).toBe(90);
    expect(retentionDaysFrom('0')).toBe(0);
    expect(retentionDaysFrom('30')).toBe(30);
  });
});
