/**
 * The presidium's 分片联系 and 结对帮扶: every deputy with the presidium member who contacts them (picked
 * from the bound members) and the households they help (added, ended here; named to staff only), and
 * 打印代表码: every deputy's code on one A4 sheet, stored with a link to print from a computer.
 */
import { api, type ContactDeputy, type ContactOverview } from '../../../../services/api';
import { HOUSEHOLD_NAME_MAX, SITUATION_MAX } from '../../../../services/core.generated';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { newRequestId, toast } from '../../../../services/platform';

type Village = ContactOverview['villages'][number];
type Member = ContactOverview['members'][number];

interface ContactsData {
  loading: boolean;
  deputies: ContactDeputy[];
  members: Member[];
  /** The picker's choices: 不安排 first, then every member. */
  memberNames: string[];
  villages: Village[];
  /** The deputy a household is being added for ('' = no form open), and the form. */
  formDeputyId: string;
  formVillages: Village[];
  formVillageNames: string[];
  villageIndex: number;
  householdName: string;
  situation: string;
  requestId: string;
  saving: boolean;
  formError: string;
  limits: { name: number; situation: number };
  printing: boolean;
  printUrl: string;
  errorCode: string;
  errorMessage: string;
  errorRetry: boolean;
}

type TapEvent = { currentTarget: { dataset: { id?: string } } };
type PickEvent = { currentTarget: { dataset: { id?: string } }; detail: { value: string | number } };
type InputEvent = { detail: { value: string } };

Page({
  data: {
    loading: true,
    deputies: [],
    members: [],
    memberNames: [],
    villages: [],
    formDeputyId: '',
    formVillages: [],
    formVillageNames: [],
    villageIndex: 0,
    householdName: '',
    situation: '',
    requestId: '',
    saving: false,
    formError: '',
    limits: { name: HOUSEHOLD_NAME_MAX, situation: SITUATION_MAX },
    printing: false,
    printUrl: '',
    errorCode: '',
    errorMessage: '',
    errorRetry: false,
  } as ContactsData,

  onLoad() {
    return this.load();
  },

  chooseTownship,

  async load() {
    this.setData({ loading: true, errorCode: '', errorMessage: '' });
    const res = await api.groups.contactOverview();
    if (!res.ok) {
      this.setData({ ...errorState(res.error), errorCode: res.error.code });
      return;
    }
    const { deputies, members, villages } = res.data;
    this.setData({
      loading: false,
      deputies,
      members,
      villages,
      memberNames: ['不安排', ...members.map((m) => m.name)],
    });
  },

  async pickMember(e: PickEvent) {
    const deputyId = e.currentTarget.dataset.id ?? '';
    const i = Number(e.detail.value);
    const member = i > 0 ? this.data.members[i - 1] : null;
    const res = await api.groups.assignContact(deputyId, member ? member.openid : null);
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    await this.load();
  },

  openForm(e: TapEvent) {
    const id = e.currentTarget.dataset.id ?? '';
    const deputy = this.data.deputies.find((d) => d.id === id);
    if (!deputy) return;
    const own = this.data.villages.filter((v) => v.stationCode === deputy.stationCode);
    this.setData({
      formDeputyId: id,
      formVillages: own,
      formVillageNames: own.map((v) => v.name),
      villageIndex: Math.max(
        0,
        own.findIndex((v) => deputy.villageCodes.includes(v.code)),
      ),
      householdName: '',
      situation: '',
      requestId: newRequestId(),
      formError: '',
    });
  },
  closeForm() {
    this.setData({ formDeputyId: '' });
  },
  pickVillage(e: PickEvent) {
    this.setData({ villageIndex: Number(e.detail.value) });
  },
  onName(e: InputEvent) {
    this.setData({ householdName: e.detail.value });
  },
  onSituation(e: InputEvent) {
    this.setData({ situation: e.detail.value });
  },

  async savePair() {
    const d = this.data;
    if (d.saving) return;
    const village = d.formVillages[d.villageIndex];
    if (!d.householdName.trim() || !d.situation.trim() || !village) {
      this.setData({ formError: '请填写户主姓名、所在村和困难情况' });
      return;
    }
    this.setData({ saving: true, formError: '' });
    const res = await api.groups.savePair(d.requestId, {
      deputyId: d.formDeputyId,
      householdName: d.householdName.trim(),
      villageCode: village.code,
      situation: d.situation.trim(),
    });
    if (!res.ok) {
      this.setData({ saving: false, formError: res.error.message });
      return;
    }
    this.setData({ saving: false, formDeputyId: '' });
    await this.load();
  },

  async endPair(e: TapEvent) {
    const res = await api.groups.endPair(e.currentTarget.dataset.id ?? '');
    if (!res.ok) toast(res.error.message);
    await this.load();
  },

  /** 打印代表码: the A4 sheet stored; its link copied, to open and print on a computer. */
  async printCodes() {
    if (this.data.printing) return;
    this.setData({ printing: true });
    const res = await api.groups.printDeputyCodes();
    if (!res.ok) {
      this.setData({ printing: false });
      toast(res.error.message);
      return;
    }
    const url = res.data.url ?? '';
    this.setData({ printing: false, printUrl: url });
    if (url) wx.setClipboardData({ data: url });
    else toast('打印页已生成，但没有保存到云存储，请稍后再试');
  },
});
