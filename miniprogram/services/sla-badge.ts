/** The badge an inbox row shows for its deadline (deputies' and departments' inboxes alike). */
export type SlaState = 'overdue' | 'dueSoon' | 'onTime';

const SLA_BADGES: Record<SlaState, { text: string; theme: string }> = {
  overdue: { text: '已超期', theme: 'danger' },
  dueSoon: { text: '即将到期', theme: 'warning' },
  onTime: { text: '', theme: 'default' },
};

/** An inbox row with its badge text and tag theme. */
export function withSlaBadge<T extends { sla: SlaState }>(row: T): T & { badge: string; badgeTheme: string } {
  return { ...row, badge: SLA_BADGES[row.sla].text, badgeTheme: SLA_BADGES[row.sla].theme };
}
