/**
 * One reception day at the station desk: the roster (full phones for the station admin only, as the
 * function decides), check-in by scanning the villager's QR code or typing the short code, the walk-in
 * form, and the way to the reception record.
 */
import { api, type Roster } from '../../../../services/api';
import { BOOKER_NAME_MAX, BOOKING_TOPIC_MAX } from '../../../../services/core.generated';
import { chooseTownship, errorState } from '../../../../services/page-state';
import {
  confirmDialog,
  ensurePrivacyConsent,
  goTo,
  newRequestId,
  scanCode,
  toast,
} from '../../../../services/platform';

const STATUS: Record<string, string> = {
  booked: '未签到',
  checkedIn: '已签到',
  cancelled: '已取消',
  noShow: '未到场',
};

type InputEvent = { detail: { value: string } };

Page({
  data: {
    loading: true,
    dayId: '',
    code: '',
    roster: null as (Roster & { rows: (Roster['bookings'][number] & { statusLabel: string })[] }) | null,
    villages: [] as { code: string; name: string }[],
    typedCode: '',
    lastCheckIn: '',
    walkIn: { name: '', topic: '', villageCode: '', phone: '' },
    /** The walk-in schema's caps (core/booking/booking.limits.ts), as the fields' maxlength. */
    limits: { name: BOOKER_NAME_MAX, topic: BOOKING_TOPIC_MAX },
    walkInRequestId: '',
    message: '',
    errorMessage: '',
    /** The station admin and the presidium may cancel the day (the function checks it again). */
    canCancel: false,
    cancelReason: '',
    deputies: [] as { id: string; name: string; on: boolean }[],
  },

  chooseTownship,

  async onLoad(query: Record<string, string | undefined>) {
    this.setData({
      dayId: decodeURIComponent(query.dayId ?? ''),
      code: (query.code ?? '').toUpperCase(),
      walkInRequestId: newRequestId(),
    });
    const [station, me] = await Promise.all([api.station.get(this.data.code), api.account.whoami()]);
    if (station.ok) {
      this.setData({
        villages: station.data.villages,
        deputies: station.data.deputies.map((d) => ({ id: d.id, name: d.name, on: false })),
      });
    }
    if (me.ok) this.setData({ canCancel: me.data.role === 'stationAdmin' || me.data.role === 'presidium' });
    return this.load();
  },

  async load() {
    const res = await api.booking.roster(this.data.dayId);
    if (!res.ok) {
      this.setData(errorState(res.error));
      return;
    }
    const onDuty = new Set(res.data.deputyIds);
    this.setData({
      loading: false,
      errorMessage: '',
      deputies: this.data.deputies.map((d) => ({ ...d, on: onDuty.has(d.id) })),
      roster: {
        ...res.data,
        rows: res.data.bookings.map((b) => ({ ...b, statusLabel: STATUS[b.status] ?? '' })),
      },
    });
  },

  onCode(e: InputEvent) {
    this.setData({ typedCode: e.detail.value, message: '' });
  },

  async checkInTyped() {
    const code = this.data.typedCode.trim();
    if (!code) {
      this.setData({ message: '请输入群众报的签到码' });
      return;
    }
    this.done(await api.booking.checkInByCode(this.data.dayId, code));
  },

  async scan() {
    const text = await scanCode();
    if (!text) return;
    this.done(await api.booking.checkInByQr(text));
  },

  async done(res: Awaited<ReturnType<typeof api.booking.checkInByQr>>) {
    if (!res.ok) {
      this.setData({ message: res.error.message });
      return;
    }
    const who = res.data.name ?? `${res.data.villageName}群众`;
    this.setData({ typedCode: '', message: '', lastCheckIn: `${who}已签到：${res.data.topic}` });
    toast('签到成功', 'success');
    await this.load();
  },

  onWalkInName(e: InputEvent) {
    this.setData({ 'walkIn.name': e.detail.value });
  },
  onWalkInTopic(e: InputEvent) {
    this.setData({ 'walkIn.topic': e.detail.value });
  },
  /** Optional: a walk-in has no account, so a phone is how a deputy calls back. */
  onWalkInPhone(e: InputEvent) {
    this.setData({ 'walkIn.phone': e.detail.value });
  },
  pickWalkInVillage(e: { currentTarget: { dataset: { id?: string } } }) {
    this.setData({ 'walkIn.villageCode': e.currentTarget.dataset.id ?? '' });
  },

  async addWalkIn() {
    const w = this.data.walkIn;
    if (!w.name.trim() || !w.topic.trim() || !w.villageCode) {
      this.setData({ message: '请填写姓名、事由，并选择村' });
      return;
    }
    // A name is personal information: WeChat's privacy consent first, while it still needs it.
    if (!(await ensurePrivacyConsent())) {
      this.setData({ message: '没有同意个人信息保护说明，不能登记姓名' });
      return;
    }
    const res = await api.booking.walkIn(this.data.walkInRequestId, {
      dayId: this.data.dayId,
      name: w.name.trim(),
      topic: w.topic.trim(),
      villageCode: w.villageCode,
      ...(w.phone.trim() && { phone: w.phone.trim() }),
    });
    if (!res.ok) {
      this.setData({ message: res.error.message });
      return;
    }
    this.setData({
      walkIn: { name: '', topic: '', villageCode: '', phone: '' },
      /** The walk-in schema's caps (core/booking/booking.limits.ts), as the fields' maxlength. */
      limits: { name: BOOKER_NAME_MAX, topic: BOOKING_TOPIC_MAX },
      walkInRequestId: newRequestId(),
      message: '',
      lastCheckIn: `${w.name.trim()}已登记`,
    });
    await this.load();
  },

  toggleDeputy(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    this.setData({ deputies: this.data.deputies.map((d) => (d.id === id ? { ...d, on: !d.on } : d)) });
  },

  /** Saves who is on duty this day (a deputy on duty can then check villagers in and write the record). */
  async saveDuty() {
    const deputyIds = this.data.deputies.filter((d) => d.on).map((d) => d.id);
    if (deputyIds.length === 0) {
      this.setData({ message: '请至少选择一位接待代表' });
      return;
    }
    const res = await api.booking.changeDuty(this.data.dayId, deputyIds);
    if (!res.ok) {
      this.setData({ message: res.error.message });
      return;
    }
    toast('已更换接待代表', 'success');
    await this.load();
  },

  onCancelReason(e: InputEvent) {
    this.setData({ cancelReason: e.detail.value });
  },

  /** Cancels the whole day: every villager booked is told, with the reason. */
  async cancelDay() {
    const reason = this.data.cancelReason.trim();
    if (!reason) {
      this.setData({ message: '请填写取消原因，会通知已预约的群众' });
      return;
    }
    const yes = await confirmDialog('取消这一天的接待', `已预约的群众都会收到通知：${reason}`, '确定取消');
    if (!yes) return;
    const res = await api.booking.cancelDay(this.data.dayId, reason);
    if (!res.ok) {
      this.setData({ message: res.error.message });
      return;
    }
    toast(`已取消，通知${res.data.bookingsCancelled}人`);
    await this.load();
  },

  openRecord() {
    goTo(`/subpackages/station-admin/pages/record/index?dayId=${encodeURIComponent(this.data.dayId)}`);
  },
});
