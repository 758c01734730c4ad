/**
 * What a booking (预约接待) may say: the caps the booking function's schema enforces, and the booking
 * form (and the station desk's walk-in form) shows as its `maxlength`. One source for both.
 */

/** The topic (事由): what the villager wants to raise, in characters. */
export const TOPIC_MAX = 50;
/** The booker's name, in characters. */
export const BOOKER_NAME_MAX = 10;
