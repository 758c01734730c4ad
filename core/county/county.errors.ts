/** The county area's error codes (merged into core/errors/error.codes.ts). */
export const COUNTY_ERRORS = {
  TOWNSHIP_ID_TAKEN: '这个乡镇编号已经有了，请换一个',
} as const;
