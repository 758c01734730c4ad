/**
 * Issue 12 §10(b): a message field made of words and a date keeps the date whole; the words are
 * shortened instead ("部门已答复，请审核办结，2026-12…" cut the date).
 */
import { FIELD_LIMITS, fitWithTail } from '../../../core/notify/message.fields';
import { messagesFor } from '../../../core/opinion/opinion.messages';
import type { Opinion } from '../../../core/opinion/opinion.types';
import { at, submitted } from '../opinion/opinion.fixtures';

describe('fitWithTail', () => {
  it.each([
    ['fits as it is', '请及时受理', '2026-12-09前受理', '请及时受理，2026-12-09前受理'],
    [
      'shortens the words, never the date',
      '部门已答复，请审核办结',
      '2026-12-09前答复',
      '部门已答复…，2026-12-09前答复',
    ],
    ['群众不满意', '群众不满意，重新办理', '2026-12-09前答复', '群众不满意…，2026-12-09前答复'],
  ])('%s', (_w, head, tail, expected) => {
    const value = fitWithTail('thing', head, tail);
    expect(value).toBe(expected);
    expect(Array.from(value).length).toBeLessThanOrEqual(FIELD_LIMITS.thing.max);
    expect(value.endsWith(tail)).toBe(true);
  });
});

describe('the deputy’s message after a department’s answer keeps the date', () => {
  it('thing4 ends with the whole deadline', () => {
    const base = submitted();
    const before: Opinion = {
      ...base,
      status: 'transferred',
      answerBy: '2026-12-09',
      owner: { kind: 'department', departmentId: 'dep-agri', departmentName: '乡农业办', deputyIds: ['d-a'] },
    };
    const after: Opinion = {
      ...before,
      status: 'replied',
      owner: { kind: 'deputies', deputyIds: ['d-a'] },
      answer: '已修好',
    };
    const msgs = messagesFor(
      {
        command: 'departmentReply',
        before,
        after,
        event: { type: 'replied', actorRole: 'presidium', data: { departmentName: '乡农业办' } },
        now: at('2026-12-01'),
      },
      { rev: 5, villageName: '金鼓村', deputyOpenid: () => 'o-d-a' },
    );
    const todo = msgs.find((m) => m.template === 'opinionAssigned')?.fields as Record<string, string>;
    expect(todo.thing4).toBe('部门已答复…，2026-12-09前答复');
  });
});
