/**
 * The opening words of a text for a list line: whitespace runs collapsed to one space, trimmed, cut
 * to `max` characters (code points, so an emoji or a rare Han character is never split in half).
 * Subscribe-message fields need no excerpt: the outbox fits them to WeChat's limits (fitField).
 */
export function excerpt(text: string, max = 20): string {
  return Array.from(text.replace(/\s+/g, ' ').trim()).slice(0, max).join('');
}
