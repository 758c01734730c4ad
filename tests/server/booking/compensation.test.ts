import { withCompensation } from '../../../server/booking/compensation';

describe('withCompensation (the one undo of the booking use cases)', () => {
  it('when every step succeeds, nothing is undone and the result is answered', async () => {
    const undone: string[] = [];
    const result = await withCompensation(async (c) => {
      c.onFailure(async () => void undone.push('lock'));
      return 'booked';
    });
    expect(result).toBe('booked');
    expect(undone).toEqual([]);
  });

  it('when a later step fails, every step taken is given back, newest first, and the failure answered', async () => {
    const undone: string[] = [];
    const failure = new Error('DAY_FULL');
    await expect(
      withCompensation(async (c) => {
        c.onFailure(async () => void undone.push('lock'));
        c.onFailure(async () => void undone.push('place'));
        c.onFailure(async () => void undone.push('booking'));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(undone).toEqual(['booking', 'place', 'lock']);
  });

  it('when an undo fails itself, the others still run and the first failure is answered', async () => {
    const undone: string[] = [];
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const failure = new Error('BOOKINGS_HELD_LIMIT');
    await expect(
      withCompensation(async (c) => {
        c.onFailure(async () => void undone.push('lock'));
        c.onFailure(async () => {
          throw new Error('store unavailable');
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(undone).toEqual(['lock']);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
