/** Error codes of contact duties (分片联系, 结对帮扶) and the deputy's code (代表码). */
export const CONTACT_ERRORS = {} as const;
