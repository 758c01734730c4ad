/**
 * Every collection the functions use and the indexes each needs, in one place: the README's deploy
 * steps create them from this list, and every collection's security rule is server-only
 * (`{ "read": false, "write": false }`): the mini-program reads and writes only through functions.
 */
export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export const COLLECTIONS: Record<string, { purpose: string; indexes: IndexSpec[] }> = {
  stations: {
    purpose: 'liaison stations (code is the QR scene)',
    indexes: [{ name: 'code', keys: { code: 1 }, unique: true }],
  },
  villages: {
    purpose: 'villages and the station that covers each',
    indexes: [{ name: 'station', keys: { stationCode: 1 } }],
  },
  deputies: {
    purpose: 'deputies, their levels, villages and categories',
    indexes: [{ name: 'station', keys: { stationCode: 1, active: 1 } }],
  },
  users: {
    purpose: 'bound WeChat users (_id = openid) and their roles',
    indexes: [{ name: 'role', keys: { role: 1 } }],
  },
  invites: { purpose: 'one-time invite codes (_id = code)', indexes: [] },
  categories: { purpose: 'opinion categories with working-day limits', indexes: [] },
  departments: { purpose: 'government departments cases can be transferred to', indexes: [] },
  receptionDays: {
    purpose: 'reception days with capacity and deputies on duty',
    indexes: [{ name: 'station_date', keys: { stationCode: 1, status: 1, date: 1 } }],
  },
  bookings: {
    purpose: "villagers' places on reception days, with check-in codes",
    indexes: [
      { name: 'day', keys: { dayId: 1, status: 1 } },
      { name: 'mine', keys: { openid: 1, bookedAt: -1 } },
    ],
  },
  bookingLocks: { purpose: 'one active booking per villager per day (_id = day:openid)', indexes: [] },
  outbox: {
    purpose: 'subscribe messages to send, with each outcome (sent, refused 43101, failed)',
    indexes: [
      { name: 'due', keys: { status: 1, nextAttemptAt: 1 } },
      { name: 'ref', keys: { ref: 1, status: 1 } },
    ],
  },
  holidays: {
    purpose: 'calendar overrides (holidays, 调休 workdays) for years chinese-days lacks',
    indexes: [],
  },
  dutyRecords: {
    purpose: "deputies' duty records (system ones have deterministic _id)",
    indexes: [{ name: 'deputy_date', keys: { deputyId: 1, date: 1 } }],
  },
  idempotency: {
    purpose: 'client request ids already answered',
    indexes: [{ name: 'claimed', keys: { claimedAt: 1 } }],
  },
};
