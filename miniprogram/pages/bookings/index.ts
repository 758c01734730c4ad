/**
 * "My bookings": each booking with its check-in QR code and short code (shown at the station), and a
 * cancel button that asks first. Cancelled and past bookings are listed below, without a code.
 * Above them, the days the villager waits for (排队候补第N位), each with 退出排队; a wait that got a
 * place says so (已候补成功) and its booking is in the list with its code.
 */
import { api, type MyBooking, type MyWaitlistEntry } from '../../services/api';
import { chooseTownship, loadInto } from '../../services/page-state';
import { confirmDialog, toast } from '../../services/platform';

export const STATUS_LABELS: Record<MyBooking['status'], string> = {
  booked: '已预约',
  checkedIn: '已签到',
  cancelled: '已取消',
  noShow: '未到场',
};

type Row = MyBooking & { statusLabel: string };

Page({
  data: {
    loading: true,
    busy: '',
    items: [] as Row[],
    /** The waiting lists joined (waiting, or promoted to a booking). */
    waits: [] as MyWaitlistEntry[],
    errorMessage: '',
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  onShow() {
    if (!this.data.loading) return this.load();
    return undefined;
  },

  async load() {
    const data = await loadInto(this, () => api.booking.mine());
    if (!data) return;
    const waits = await loadInto(this, () => api.booking.myWaitlist());
    if (!waits) return;
    this.setData({
      loading: false,
      items: data.map((b) => ({ ...b, statusLabel: STATUS_LABELS[b.status] })),
      waits,
    });
  },

  /** 退出排队: asks first; the place in the list is given up. */
  async leaveWaitlist(e: { currentTarget: { dataset: { id?: string } } }) {
    const dayId = e.currentTarget.dataset.id ?? '';
    const row = this.data.waits.find((w) => w.dayId === dayId);
    if (!row || this.data.busy) return;
    const yes = await confirmDialog('退出排队', `确定不再排队候补${row.label}吗？`, '退出排队');
    if (!yes) return;
    this.setData({ busy: `wait:${dayId}` });
    const res = await api.booking.leaveWaitlist(dayId);
    this.setData({ busy: '' });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已退出排队', 'success');
    await this.load();
  },

  async cancel(e: { currentTarget: { dataset: { id?: string } } }) {
    const bookingId = e.currentTarget.dataset.id ?? '';
    const row = this.data.items.find((b) => b.bookingId === bookingId);
    if (!row || this.data.busy) return;
    const yes = await confirmDialog(
      '取消预约',
      `确定取消${row.label}的预约吗？名额会让给其他群众。`,
      '取消预约',
    );
    if (!yes) return;
    this.setData({ busy: bookingId });
    const res = await api.booking.cancel(bookingId);
    this.setData({ busy: '' });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已取消预约', 'success');
    await this.load();
  },
});
