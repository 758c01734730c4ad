/** Error codes of contact duties (分片联系, 结对帮扶) and the deputy's code (代表码). */
export const CONTACT_ERRORS = {
  CONTACT_DEPUTY_NOT_FOUND: '没有找到这位代表',
  CONTACT_MEMBER_NOT_FOUND: '联系人须是已绑定的乡镇人大主席团成员',
  CONTACT_HOUSEHOLD_INVALID: '请填写帮扶户的户主姓名（20字以内）、所在村和困难情况（200字以内）',
  CONTACT_PAIRS_FULL: '一位代表最多结对帮扶20户',
  CONTACT_PAIR_NOT_FOUND: '没有找到这户结对帮扶户',
  CONTACT_PAIR_NOT_YOURS: '这户不是您结对帮扶的困难户',
  CONTACT_PAIR_ENDED: '这户的结对帮扶已经结束了',
  CONTACT_VISIT_INVALID: '请写明走访做了什么（300字以内），服务人数0到999',
  DEPUTY_CODE_NOT_FOUND: '没有找到这位代表，请扫描联络站张贴的代表码',
} as const;
