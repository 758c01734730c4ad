/**
 * Cloud function `department`: a government department's staff (部门工作人员, bound by an invite the
 * presidium issues for that department) close their own loop on the cases deputies transfer to them
 * (转办): their inbox, one case, the answer (content-checked as every public text) and the hand-back of
 * a misrouted case with a reason. Each action calls one use case of server/opinion/department.service.ts;
 * the pipeline's scope rule keeps a department to the cases with it now (NOT_YOUR_DEPARTMENT). The
 * presidium still enters an answer for a department without staff (admin.recordDepartmentAnswer).
 */
import { z } from 'zod';
import { ANSWER_MAX, NOTE_MAX } from '../../../core/opinion/opinion.limits';
import {
  answerAsDepartment,
  departmentCase,
  departmentInbox,
  handBackAsDepartment,
} from '../../../server/opinion/department.service';
import { departmentCaseScope } from '../../../server/opinion/opinions.service';
import { action, defineFunction, requestIdField } from '../../../server/pipeline';

const opinionIdSchema = () => z.string().regex(/^op[0-9a-f]{22}$/, '意见编号格式不正确');

export const definition = defineFunction('department', {
  inbox: action({
    summary:
      "The caller's department's transferred cases: those waiting for its answer (overdue first, then due soon) and those it answered.",
    audience: ['department'],
    input: () => z.strictObject({}),
    scope: 'caller',
    run: async ({ caller, now }) => departmentInbox(caller, now),
  }),

  get: action({
    summary:
      "One case transferred to the caller's department: the villager's matter as deputies see it, who transferred it with their note, the deadline, and whether it may answer or hand back now.",
    audience: ['department'],
    input: () => z.strictObject({ opinionId: opinionIdSchema() }),
    scope: (input) => departmentCaseScope(input.opinionId),
    run: async ({ caller, now }, { opinionId }) => departmentCase(opinionId, caller, now),
  }),

  answer: action({
    summary:
      'The department answers a case transferred to it (转办回复); content-checked like every public text: risky is refused (ANSWER_RISKY), one the check wants a person to read is kept from the public until the presidium confirms. The deputies who transferred it are told to review and 办结.',
    audience: ['department'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        opinionId: opinionIdSchema(),
        answer: z.string().max(ANSWER_MAX * 2),
      }),
    scope: (input) => departmentCaseScope(input.opinionId),
    run: async ({ caller, now }, { opinionId, answer }) => answerAsDepartment(opinionId, answer, caller, now),
  }),

  handBack: action({
    summary:
      'The department hands a misrouted case back with a reason (within 7 working days of the transfer); it returns to the deputies who transferred it (or the presidium queue), who are told.',
    audience: ['department'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        opinionId: opinionIdSchema(),
        reason: z.string().max(NOTE_MAX * 2),
      }),
    scope: (input) => departmentCaseScope(input.opinionId),
    run: async ({ caller, now }, { opinionId, reason }) =>
      handBackAsDepartment(opinionId, reason, caller, now),
  }),
});

export const main = definition.main;
