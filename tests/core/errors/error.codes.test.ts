/**
 * The one table of error codes is the union of each area's table: a code two areas both define would
 * silently take the last one's text (公示期 and 统计时段 once both said PERIOD_INVALID).
 */
import { AREA_ERRORS, ERROR_MESSAGES } from '../../../core/errors/error.codes';

it('no two areas define the same code, and the union holds every area code with its own text', () => {
  const owners = new Map<string, string[]>();
  for (const [area, table] of Object.entries(AREA_ERRORS))
    for (const code of Object.keys(table)) owners.set(code, [...(owners.get(code) ?? []), area]);
  expect([...owners].filter(([, areas]) => areas.length > 1)).toEqual([]);
  for (const table of Object.values(AREA_ERRORS))
    for (const [code, text] of Object.entries(table))
      expect(ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES]).toBe(text);
});
