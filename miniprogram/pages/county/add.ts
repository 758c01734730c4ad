/**
 * 新增乡镇: the county adds a township (编号 and 名称) and gets the invite code of its first presidium
 * member to hand over (county.addTownship); that member binds with it and invites everyone else.
 * One request id per form: a retry after a lost answer gives the same code, not a second township.
 */
import { call, type Answer } from '../../services/api';
import { COUNTY, isTownshipId } from '../../services/core.generated';
import { newRequestId, toast } from '../../services/platform';
import { readyToSend } from '../../services/page-state';

type Added = Answer<'county', 'addTownship'>;

interface Form {
  id: string;
  name: string;
  presidiumName: string;
}

interface AddData {
  form: Form;
  submitting: boolean;
  formError: string;
  requestId: string;
  added: { id: string; name: string; code: string; expiresOn: string; forWhom: string } | null;
}

/** What is missing or wrong on the form, in plain words ('' when it can be sent). */
export function formProblem(form: Form): string {
  if (!form.id.trim()) return '请填写乡镇编号';
  // The id rule of core/identity/township.rules.ts, said in plain words on the form.
  if (form.id.trim() === COUNTY) return '这个编号是县里自用的，请换一个';
  if (!isTownshipId(form.id.trim())) return '乡镇编号为2到16位小写字母或数字，以字母开头，如 hexi';
  if (form.name.trim().length < 2) return '请填写乡镇名称，如 河西镇';
  return '';
}

const EMPTY: Form = { id: '', name: '', presidiumName: '' };

Page({
  data: {
    form: { ...EMPTY },
    submitting: false,
    formError: '',
    requestId: '',
    added: null,
  } as AddData,

  onLoad() {
    this.setData({ requestId: newRequestId() });
  },

  onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const field = String(e.currentTarget.dataset.field) as keyof Form;
    this.setData({ form: { ...this.data.form, [field]: e.detail.value }, formError: '' });
  },

  async submit() {
    const form = this.data.form;
    if (!readyToSend(this, formProblem(form))) return;
    this.setData({ submitting: true, formError: '' });
    const res = await call('county', 'addTownship', {
      requestId: this.data.requestId,
      id: form.id.trim(),
      name: form.name.trim(),
      ...(form.presidiumName.trim() ? { presidiumName: form.presidiumName.trim() } : {}),
    });
    this.setData({ submitting: false });
    if (!res.ok) {
      this.setData({ formError: res.error.message });
      return;
    }
    this.show(res.data, form.presidiumName.trim());
    toast('乡镇已新增', 'success');
  },

  show(data: Added, presidiumName: string) {
    this.setData({
      added: {
        id: data.id,
        name: data.name,
        code: data.invite.code,
        expiresOn: String(data.invite.expiresAt).slice(0, 10),
        forWhom: `${data.name}人大主席团${presidiumName ? `（${presidiumName}）` : ''}`,
      },
    });
  },

  /** Another township: a fresh form and a fresh request id. */
  again() {
    this.setData({ form: { ...EMPTY }, added: null, formError: '', requestId: newRequestId() });
  },
});
