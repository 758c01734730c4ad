/** The Open311 door's error codes for the presidium's key actions (merged into core/errors/error.codes.ts). */
export const OPEN311_ERRORS = {
  API_KEY_NOT_FOUND: '没有找到这个接口密钥，可能已被撤销',
  API_KEYS_TOO_MANY: '本乡镇在用的接口密钥已达上限，请先撤销不用的密钥',
} as const;
