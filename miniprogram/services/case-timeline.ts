/**
 * An opinion's timeline as the case pages show it: one line per event, the China time and what happened.
 * The villager reads plain words (`text`); a deputy reads the event's label and its note.
 */
import { chinaDateTimeText } from './page-state';

export interface TimelineLine {
  when: string;
  text: string;
}

/** The villager's timeline: '已转交乡农业办办理'. */
export function villagerTimelineLines(entries: { at: string | Date; text: string }[]): TimelineLine[] {
  return entries.map((t) => ({ when: chinaDateTimeText(t.at), text: t.text }));
}

/** A staff timeline in one line per event: '退回：不属于本站' (label, then the note when there is one). */
export function staffTimelineLines(
  entries: { at: string | Date; label: string; note: string | null }[],
): TimelineLine[] {
  return entries.map((t) => ({
    when: chinaDateTimeText(t.at),
    text: t.note ? `${t.label}：${t.note}` : t.label,
  }));
}
