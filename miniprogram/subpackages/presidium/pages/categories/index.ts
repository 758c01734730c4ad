/**
 * 意见类别和部门: the opinion categories with their limits in working days (受理, 答复) and the
 * departments cases can be transferred to (转办). A change applies to cases filed afterwards; running
 * cases keep the limits they were filed with. An active department's form issues a one-time invite
 * code for its staff (account.createInvite, role department): once bound, they answer or hand back the
 * cases transferred to it (subpackages/department).
 */
import type { ConfigView } from '../../../../../core/admin/admin.views';
import { api } from '../../../../services/api';
import { CATEGORY_NAME_MAX, DEPARTMENT_NAME_MAX } from '../../../../services/core.generated';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { newRequestId, toast } from '../../../../services/platform';

type CategoryRow = ConfigView['categories'][number];
type DepartmentRow = ConfigView['departments'][number];

interface CategoryForm {
  isNew: boolean;
  code: string;
  name: string;
  acceptDays: string;
  answerDays: string;
  active: boolean;
  /** 矛盾纠纷类: its cases count as disputes mediated (调处) in the figures. */
  dispute: boolean;
}

interface DepartmentForm {
  id: string;
  /** A new department's request id, minted when its form opens: a save retried after a network failure is the same request. */
  requestId: string;
  name: string;
  phone: string;
  active: boolean;
}

/** The admin schema's caps (core/admin/admin.limits.ts). */
const LIMITS = { categoryName: CATEGORY_NAME_MAX, departmentName: DEPARTMENT_NAME_MAX };

interface CategoriesData {
  /** The server's caps (core), as the fields' maxlength. */
  limits: typeof LIMITS;
  loading: boolean;
  errorMessage: string;
  categories: CategoryRow[];
  departments: DepartmentRow[];
  categoryForm: CategoryForm | null;
  departmentForm: DepartmentForm | null;
  /** The staff member's name for a department invite. */
  staffName: string;
  busy: boolean;
  invite: { code: string; forWhom: string; expiresOn: string } | null;
}

Page({
  data: {
    limits: LIMITS,
    loading: true,
    errorMessage: '',
    categories: [],
    departments: [],
    categoryForm: null,
    departmentForm: null,
    staffName: '',
    busy: false,
    invite: null,
  } as CategoriesData,

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const data = await loadInto(this, () => api.admin.listConfig());
    if (!data) return;
    this.setData({ loading: false, categories: data.categories, departments: data.departments });
  },

  editCategory(e: WechatMiniprogram.TouchEvent) {
    const c = this.data.categories.find((x) => x.code === e.currentTarget.dataset.code);
    if (!c) return;
    this.setData({
      categoryForm: {
        isNew: false,
        code: c.code,
        name: c.name,
        acceptDays: String(c.acceptDays),
        answerDays: String(c.answerDays),
        active: c.active,
        dispute: c.dispute === true,
      },
    });
  },

  newCategory() {
    this.setData({
      categoryForm: {
        isNew: true,
        code: '',
        name: '',
        acceptDays: '2',
        answerDays: '15',
        active: true,
        dispute: false,
      },
    });
  },

  onCategoryField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const field = String((e.currentTarget as { dataset: { field?: string } }).dataset.field);
    this.setData({ [`categoryForm.${field}`]: e.detail.value });
  },

  toggleCategoryActive() {
    if (this.data.categoryForm) this.setData({ 'categoryForm.active': !this.data.categoryForm.active });
  },

  toggleCategoryDispute() {
    if (this.data.categoryForm) this.setData({ 'categoryForm.dispute': !this.data.categoryForm.dispute });
  },

  cancelCategory() {
    this.setData({ categoryForm: null });
  },

  async saveCategory() {
    const f = this.data.categoryForm;
    if (!f) return;
    const res = await api.admin.upsertCategory({
      code: f.code.trim(),
      name: f.name.trim(),
      acceptDays: Number(f.acceptDays),
      answerDays: Number(f.answerDays),
      active: f.active,
      dispute: f.dispute,
    });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已保存', 'success');
    this.setData({ categoryForm: null });
    await this.load();
  },

  editDepartment(e: WechatMiniprogram.TouchEvent) {
    const d = this.data.departments.find((x) => x._id === e.currentTarget.dataset.id);
    if (!d) return;
    this.setData({
      departmentForm: { id: d._id, requestId: '', name: d.name, phone: d.phone ?? '', active: d.active },
    });
  },

  newDepartment() {
    this.setData({
      departmentForm: { id: '', requestId: newRequestId(), name: '', phone: '', active: true },
    });
  },

  onDepartmentField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const field = String((e.currentTarget as { dataset: { field?: string } }).dataset.field);
    this.setData({ [`departmentForm.${field}`]: e.detail.value });
  },

  toggleDepartmentActive() {
    if (this.data.departmentForm) this.setData({ 'departmentForm.active': !this.data.departmentForm.active });
  },

  cancelDepartment() {
    this.setData({ departmentForm: null });
  },

  onStaffName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ staffName: e.detail.value });
  },

  /** A one-time code that binds a WeChat to this department's staff (部门工作人员). */
  async inviteStaff() {
    const f = this.data.departmentForm;
    const name = this.data.staffName.trim();
    if (!f?.id || this.data.busy) return;
    if (!name) {
      toast('请填写工作人员姓名');
      return;
    }
    this.setData({ busy: true });
    const res = await api.admin.createInvite({ role: 'department', name, departmentId: f.id });
    this.setData({ busy: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    this.setData({
      staffName: '',
      invite: {
        code: res.data.code,
        forWhom: `${f.name}工作人员${name}`,
        expiresOn: String(res.data.expiresAt).slice(0, 10),
      },
    });
  },

  closeInvite() {
    this.setData({ invite: null });
  },

  async saveDepartment() {
    const f = this.data.departmentForm;
    if (!f) return;
    const res = await api.admin.upsertDepartment({
      ...(f.id ? { id: f.id } : { requestId: f.requestId }),
      name: f.name.trim(),
      phone: f.phone.trim(),
      active: f.active,
    });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已保存', 'success');
    this.setData({ departmentForm: null });
    await this.load();
  },
});
